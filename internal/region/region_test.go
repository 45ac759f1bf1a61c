package region

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLocate(t *testing.T) {
	prov := func(p, code string) Region { return Region{Province: p, Level: LevelProvincial, Code: code} }
	muni := func(p, code string) Region { return Region{Province: p, City: p, Level: LevelProvincial, Code: code} }
	city := func(p, c, code string) Region { return Region{Province: p, City: c, Level: LevelCity, Code: code} }
	county := func(p, c, x, code string) Region {
		return Region{Province: p, City: c, County: x, Level: LevelCounty, Code: code}
	}
	central := Region{Level: LevelCentral}
	unknown := Region{}

	cases := []struct {
		dep   string
		texts []string
		want  Region
	}{
		// The place in front, full names.
		{"衡水市生态环境局", nil, city("河北省", "衡水市", "131100")},
		{"江苏省人民检察院", nil, prov("江苏省", "320000")},
		{"北京市财政局", nil, muni("北京市", "110000")},
		{"深圳市民政局(本级)", nil, city("广东省", "深圳市", "440300")},
		{"佛山市轨道交通局", nil, city("广东省", "佛山市", "440600")},
		{"西安市卫生健康委员会（汇总）", nil, city("陕西省", "西安市", "610100")},
		{"吉林省吉林市财政局", nil, city("吉林省", "吉林市", "220200")},
		{"海南省三亚市财政局", nil, city("海南省", "三亚市", "460200")},
		{"广西壮族自治区南宁市财政局", nil, city("广西壮族自治区", "南宁市", "450100")},
		{"新疆维吾尔自治区财政厅", nil, prov("新疆维吾尔自治区", "650000")},
		{"恩施土家族苗族自治州财政局", nil, city("湖北省", "恩施土家族苗族自治州", "422800")},
		{"锡林郭勒盟行政公署", nil, city("内蒙古自治区", "锡林郭勒盟", "152500")},
		{"深圳市规划和自然资源局盐田管理局", nil, city("广东省", "深圳市", "440300")},
		{"衡水市生态环境局桃城区分局", nil, city("河北省", "衡水市", "131100")}, // a branch of the city's bureau
		{"国家税务总局衡水市桃城区税务局", nil, county("河北省", "衡水市", "桃城区", "131102")},
		{"昆山市财政局", nil, county("江苏省", "苏州市", "昆山市", "320583")},
		{"江苏省昆山市财政局", nil, county("江苏省", "苏州市", "昆山市", "320583")},
		{"广州花都区财政局", nil, county("广东省", "广州市", "花都区", "440114")},
		// Municipalities: City is the municipality, districts and counties are counties.
		{"上海市普陀区财政局", nil, county("上海市", "上海市", "普陀区", "310107")},
		{"上海市普陀区人民政府办公室", []string{"上海市普陀区2025年区级部门预算"}, county("上海市", "上海市", "普陀区", "310107")},
		{"中共上海市普陀区委社会工作部", nil, county("上海市", "上海市", "普陀区", "310107")},
		{"中国人民政治协商会议上海市普陀区委员会", nil, county("上海市", "上海市", "普陀区", "310107")},
		{"上海市浦东新区财政局", nil, county("上海市", "上海市", "浦东新区", "310115")},
		{"天津市滨海新区发展和改革委员会", nil, county("天津市", "天津市", "滨海新区", "120116")},
		{"重庆市忠县财政局", nil, county("重庆市", "重庆市", "忠县", "500233")},
		{"忠县财政局", nil, county("重庆市", "重庆市", "忠县", "500233")},
		{"上海市市场监督管理局", nil, muni("上海市", "310000")},
		{"重庆市人民政府办公厅", nil, muni("重庆市", "500000")},
		// Party committees: 中共X委, X市委, X区委.
		{"中共西安市委宣传部", nil, city("陕西省", "西安市", "610100")},
		{"中国共产党广州市委员会宣传部", nil, city("广东省", "广州市", "440100")},
		{"中共重庆市委宣传部", nil, muni("重庆市", "500000")},
		{"共青团杭州市委员会", nil, city("浙江省", "杭州市", "330100")},
		{"中共衡水市桃城区委组织部", nil, county("河北省", "衡水市", "桃城区", "131102")},
		// Short forms and aliases at the start.
		{"北京政务服务中心", nil, muni("北京市", "110000")},
		{"首都绿化委员会办公室", nil, muni("北京市", "110000")},
		{"长沙职业教育基地综合协调办公室", nil, city("湖南省", "长沙市", "430100")},
		{"内蒙古财政厅", nil, prov("内蒙古自治区", "150000")},
		{"吉林省财政厅", nil, prov("吉林省", "220000")},
		{"吉林财政厅", nil, prov("吉林省", "220000")}, // 吉林 alone is the province
		{"吉林市财政局", nil, city("吉林省", "吉林市", "220200")},
		{"恩施州财政局", nil, city("湖北省", "恩施土家族苗族自治州", "422800")},
		{"海南州财政局", nil, city("青海省", "海南藏族自治州", "632500")}, // not the province 海南
		{"衡水桃城区财政局", nil, county("河北省", "衡水市", "桃城区", "131102")},
		{"江苏南京市鼓楼区教育局", nil, county("江苏省", "南京市", "鼓楼区", "320106")},
		// Prefecture and county names that are also other things.
		{"中山市财政局", nil, city("广东省", "中山市", "442000")},
		{"大连市中山区财政局", nil, county("辽宁省", "大连市", "中山区", "210202")},
		{"中山大学", nil, unknown},
		{"吉林大学", nil, unknown},
		{"北京大学", nil, unknown},
		{"通化县财政局", nil, county("吉林省", "通化市", "通化县", "220521")},
		{"通化市财政局", nil, city("吉林省", "通化市", "220500")},
		{"驻马店市财政局", nil, city("河南省", "驻马店市", "411700")},
		{"北京市人民政府驻上海办事处", nil, muni("北京市", "110000")},
		{"阳泉市城区财政局", nil, county("山西省", "阳泉市", "城区", "140302")},
		{"马鞍山市和县财政局", nil, county("安徽省", "马鞍山市", "和县", "340523")},
		// County-level cities under their province stand for their prefecture.
		{"仙桃市财政局", nil, county("湖北省", "仙桃市", "仙桃市", "429004")},
		{"石河子市财政局", nil, county("新疆维吾尔自治区", "石河子市", "石河子市", "659001")},
		// Duplicate district names: the other evidence decides, or only what is certain.
		{"朝阳区财政局", nil, Region{Level: LevelCounty}},
		{"朝阳区财政局", []string{"北京市朝阳区2024年部门预算"}, county("北京市", "北京市", "朝阳区", "110105")},
		{"朝阳区财政局", []string{"长春市朝阳区2024年部门预算"}, county("吉林省", "长春市", "朝阳区", "220104")},
		{"朝阳市财政局", nil, city("辽宁省", "朝阳市", "211300")},
		{"朝阳县财政局", nil, county("辽宁省", "朝阳市", "朝阳县", "211321")},
		{"朝阳财政局", nil, city("辽宁省", "朝阳市", "211300")}, // a short form at the start: the prefecture
		{"鼓楼区教育局", nil, Region{Level: LevelCounty}},
		{"鼓楼区教育局", []string{"南京市鼓楼区教育局2024年部门预算"}, county("江苏省", "南京市", "鼓楼区", "320106")},
		{"鼓楼区教育局", []string{"福建省福州市"}, county("福建省", "福州市", "鼓楼区", "350102")},
		{"桥西区财政局", nil, Region{Province: "河北省", Level: LevelCounty, Code: "130000"}}, // 石家庄 or 张家口
		{"普陀区司法局", []string{"舟山市普陀区2024年部门预算"}, county("浙江省", "舟山市", "普陀区", "330903")},
		{"普陀区司法局", []string{"上海市普陀区2026年区级部门预算"}, county("上海市", "上海市", "普陀区", "310107")},
		{"上海市普陀区司法局", []string{"舟山市", "舟山市"}, county("上海市", "上海市", "普陀区", "310107")}, // the name wins
		{"杭州市西湖区财政局", nil, county("浙江省", "杭州市", "西湖区", "330106")},
		{"西湖区财政局", []string{"江西省南昌市"}, county("江西省", "南昌市", "西湖区", "360103")},
		{"西安市长安区财政局", nil, county("陕西省", "西安市", "长安区", "610116")},
		{"长安区财政局", nil, Region{Level: LevelCounty}}, // 西安 (陕西) or 石家庄 (河北)
		// Central.
		{"国家信访局", nil, central},
		{"国家信访局", []string{"北京市西城区月坛南街"}, central},
		{"财政部", nil, central},
		{"中共中央宣传部", nil, central},
		{"全国妇联", nil, central},
		{"中国地震局", nil, central},
		{"最高人民法院", nil, central},
		{"长江水利委员会", nil, central},
		{"外交部(本级)", nil, central},
		{"国家税务总局上海市税务局", nil, muni("上海市", "310000")}, // a place named is where it sits
		{"", []string{"国家信访局", "2024 年度部门决算"}, central},
		{"", []string{"2024年度中央部门决算"}, central},
		// Only texts.
		{"", []string{"2026年", "广州市信访局部门预算"}, city("广东省", "广州市", "440100")},
		{"", []string{"上海市 XX 局", "2024 年度部门决算", "第一部分 上海市 XX 局概况"}, muni("上海市", "310000")},
		{"", []string{"上 海 市 普 陀 区 财 政 局"}, county("上海市", "上海市", "普陀区", "310107")},
		{"市财政局", []string{"预算单位：衡水市财政局"}, city("河北省", "衡水市", "131100")},
		{"", []string{"北京市", "天津市", "河北省", "河北省"}, unknown}, // most names disagree
		// Words that look like places but are not.
		{"", []string{"推进沿海城市合作市场建设，城区绿化，西安区域内各区和县的管理县级事务"}, unknown},
		{"", []string{"中山大学东方红和平发展新华社人民政府光明日报长安街阿里巴巴普洱茶"}, unknown},
		{"", []string{"提高县级财政保障，完成县域经济，上海市场"}, unknown},
		{"", []string{"沿海城区、供水城区、保护古城区、沿海港区、新兴城市、新兴县域经济、稳步前进区"}, unknown},
		{"新华通讯社", nil, central},
		{"光明日报社", nil, central},
		{"人民政府办公室", nil, unknown},
		{"", nil, unknown},
		{"\xff\xfe上海\xff市", nil, muni("上海市", "310000")},
		{"\xff\xfe", []string{"\xc3", "\xe4\xb8"}, unknown},
	}
	for _, c := range cases {
		if got := Locate(c.dep, c.texts...); got != c.want {
			t.Errorf("Locate(%q, %q) = %+v, want %+v", c.dep, c.texts, got, c.want)
		}
	}
}

// TestNarrativeDoesNotMove: ordinary narrative lines given as texts leave a department's region
// where its name puts it.
func TestNarrativeDoesNotMove(t *testing.T) {
	narrative := []string{
		"根据《中华人民共和国预算法》，贯彻落实市委、市政府决策部署，对口支援新疆喀什地区和西藏日喀则市。",
		"推进沿海城市合作，城区绿化，各区和县配合，长江经济带发展，京津冀协同发展。",
	}
	for _, dep := range []string{"衡水市生态环境局", "上海市普陀区司法局", "江苏省人民检察院", "国家信访局"} {
		want := Locate(dep)
		if got := Locate(dep, narrative...); got != want {
			t.Errorf("Locate(%q, narrative) = %+v, want %+v as without it", dep, got, want)
		}
	}
}

func TestGazetteer(t *testing.T) {
	g := gaz()
	n := map[int8]int{}
	for _, u := range g.units {
		n[u.level]++
		if u.level > lvProvince && u.parent == nil {
			t.Errorf("%s %s has no parent", u.code, u.name)
		}
		if u.parent != nil && u.parent.level >= u.level {
			t.Errorf("%s %s: parent %s is not above it", u.code, u.name, u.parent.code)
		}
		if r, _ := utf8.DecodeRuneInString(u.name); r < 0x2E80 {
			t.Errorf("%s %q begins with %q, which the scan skips", u.code, u.name, r)
		}
		if u.parent != nil && u.code[:2] != u.parent.code[:2] {
			t.Errorf("%s %s: parent %s in another province", u.code, u.name, u.parent.code)
		}
	}
	if n[lvProvince] != 31 || n[lvPrefecture] < 330 || n[lvCounty] < 2800 {
		t.Errorf("gazetteer: %d provinces, %d prefectures, %d counties; want 31, ~333, ~2,850", n[lvProvince], n[lvPrefecture], n[lvCounty])
	}
	shorts := map[string]string{
		"河北省": "河北", "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "新疆维吾尔自治区": "新疆",
		"宁夏回族自治区": "宁夏", "西藏自治区": "西藏", "上海市": "上海",
		"恩施土家族苗族自治州": "恩施", "黔东南苗族侗族自治州": "黔东南", "锡林郭勒盟": "锡林郭勒",
		"大兴安岭地区": "大兴安岭", "鄂温克族自治旗": "鄂温克", "石柱土家族自治县": "石柱",
		"莫力达瓦达斡尔族自治旗": "莫力达瓦", "浦东新区": "浦东", "神农架林区": "神农架", "忠县": "",
	}
	for name, want := range shorts {
		found := false
		for _, u := range g.units {
			if u.name == name {
				found = true
				if u.short != want {
					t.Errorf("short of %s = %q, want %q", name, u.short, want)
				}
			}
		}
		if !found {
			t.Errorf("%s is not in the gazetteer", name)
		}
	}
}

func BenchmarkLocate(b *testing.B) {
	texts := []string{
		"上海市普陀区2026年区级部门预算", "预算主管部门：上海市普陀区司法局", "目 录",
		"一、部门主要职能", "二、部门机构设置", "三、名词解释", "四、部门预算编制说明", "五、部门预算表",
		strings.Repeat("根据《中华人民共和国预算法》，贯彻落实区委、区政府决策部署，推进法治建设。", 20),
	}
	gaz()
	b.ResetTimer()
	for b.Loop() {
		Locate("上海市普陀区司法局", texts...)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		parseGazetteer(divisionsTSV)
	}
}

// TestEveryUnit: the department of every unit of the gazetteer is placed in that unit, named with
// the units above it (河北省衡水市桃城区财政局) and, when its name is unique, alone (桃城区财政局).
func TestEveryUnit(t *testing.T) {
	g := gaz()
	byName := map[string]int{}
	for _, u := range g.units {
		byName[u.name]++
	}
	for _, u := range g.units {
		want := answer{lca: u, level: u.level}.region()
		chain := ""
		for v := u; v != nil; v = v.parent {
			chain = v.name + chain
		}
		for _, suffix := range []string{"财政局", "人民政府办公室", "卫生健康委员会", "教育局"} {
			if got := Locate(chain + suffix); got != want {
				t.Errorf("Locate(%q) = %+v, want %+v", chain+suffix, got, want)
			}
			if byName[u.name] == 1 {
				if got := Locate(u.name + suffix); got != want {
					t.Errorf("Locate(%q) = %+v, want %+v", u.name+suffix, got, want)
				}
				if got := Locate("中共"+u.name+"委宣传部", "一、部门主要职能"); got != want {
					t.Errorf("Locate(%q) = %+v, want %+v", "中共"+u.name+"委宣传部", got, want)
				}
			}
		}
	}
}

// FuzzLocate: Locate never panics, and what it returns holds together.
func FuzzLocate(f *testing.F) {
	for _, s := range [][2]string{
		{"上海市普陀区司法局", "上海市普陀区2026年区级部门预算"}, {"中共西安市委宣传部", ""}, {"朝阳区财政局", "长春市"},
		{"", "国家信访局2024年度部门决算"}, {"首都绿化委员会办公室", "预算01表"}, {"\xff驻", "上 海 市\x00"},
	} {
		f.Add(s[0], s[1])
	}
	g := gaz()
	f.Fuzz(func(t *testing.T, dep, text string) {
		r := Locate(dep, text, dep+text)
		switch r.Level {
		case "", LevelProvincial, LevelCity, LevelCounty:
		case LevelCentral:
			if r != (Region{Level: LevelCentral}) {
				t.Fatalf("central with a place: %+v", r)
			}
		default:
			t.Fatalf("level %q", r.Level)
		}
		if (r.County != "" && r.City == "") || (r.City != "" && r.Province == "") {
			t.Fatalf("a unit without the one above it: %+v", r)
		}
		if r.Code != "" {
			u := g.byCode[r.Code]
			if u == nil || (u.name != r.Province && u.name != r.City && u.name != r.County) {
				t.Fatalf("code %s is none of %+v", r.Code, r)
			}
		}
	})
}
