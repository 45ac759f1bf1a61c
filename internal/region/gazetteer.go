package region

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:generate go run ./gen -out data/divisions.tsv

//go:embed data/divisions.tsv
var divisionsTSV string

// Levels of a unit of the gazetteer.
const (
	lvProvince   = 1 // 省, 自治区, 直辖市
	lvPrefecture = 2 // 地级市, 地区, 自治州, 盟
	lvCounty     = 3 // 市辖区, 县, 县级市, 旗, 自治县 …
)

type unit struct {
	code   string
	name   string // 河北省, 衡水市, 桃城区
	short  string // 河北, 衡水, 桃城; "" when the name has no usable short form (忠县)
	level  int8
	muni   bool // a province-level municipality: 北京市, 天津市, 上海市, 重庆市
	parent *unit
}

// province is the unit's province (itself for a province).
func (u *unit) province() *unit {
	for u.parent != nil {
		u = u.parent
	}
	return u
}

// under reports whether a is u or one of its ancestors.
func (u *unit) under(a *unit) bool {
	for ; u != nil; u = u.parent {
		if u == a {
			return true
		}
	}
	return false
}

// Forms of a name in the index.
const (
	formFull  = iota // the name with its administrative suffix: 衡水市, 普陀区, 河北省
	formShort        // without it: 衡水, 普陀, 河北
	formAlias        // another name: 首都 for 北京市
)

type entry struct {
	s     string
	units []*unit
	form  int8
	// guarded full names (城区, 和县, 海城市 …) read like ordinary words: they count only at the
	// start of a department name or right after a unit above them (阳泉市城区, 马鞍山市和县).
	guarded bool
}

type gazetteer struct {
	units  []*unit
	byCode map[string]*unit
	index  map[rune][]*entry // by first rune; longest first, full names before short ones
	// starts has a bit for each rune of the CJK block that begins a name: most runes of a text
	// begin none, and a bit costs less than a map look-up.
	starts [(cjkLast - cjkFirst + 64) / 64]uint64
}

const cjkFirst, cjkLast = 0x4E00, 0x9FFF

// entries are the names that begin with r.
func (g *gazetteer) entries(r rune) []*entry {
	switch {
	case r < cjkFirst:
		if r < 0x2E80 { // no name begins with a letter, digit or punctuation (TestGazetteer)
			return nil
		}
	case r <= cjkLast:
		if g.starts[(r-cjkFirst)/64]&(1<<((r-cjkFirst)%64)) == 0 {
			return nil
		}
	}
	return g.index[r]
}

// gaz is the gazetteer, parsed from the embedded TSV on first use (about a millisecond).
var gaz = sync.OnceValue(func() *gazetteer { return parseGazetteer(divisionsTSV) })

// guardedNames are full names that are also ordinary words or phrases of budget narratives
// ("城区绿化", "沿海城市", "新兴城市", "保护古城区", "供水城区", "沿海港区", "和平发展", "光明区"
// in 光明日报) besides the one-character names with a suffix
// (和县, 理县, 高县, 成县 …: "各区和县", "管理县", "提高县级"), which are guarded by rule.
var guardedNames = map[string]bool{
	"城区": true, "郊区": true, "矿区": true, "东区": true, "西区": true, "市中区": true,
	"新城区": true, "城中区": true, "城东区": true, "城西区": true, "城北区": true, "老城区": true,
	"古城区": true, "海城区": true, "山城区": true, "水城区": true, "海港区": true, "港口区": true,
	"新市区": true, "海城市": true, "兴城市": true, "合作市": true, "大安市": true, "东方市": true,
	"新乐市": true, "安宁市": true, "开原市": true, "城关区": true, "开平区": true, "长安区": true,
	"华龙区": true, "平安区": true, "和平区": true, "新华区": true, "向阳区": true, "前进区": true,
	"永定区": true, "白云区": true, "南山区": true, "光明区": true, "长寿区": true, "大同区": true,
	"和平县": true, "全州县": true, "宁县": true, "富民县": true, "永和县": true,
}

// ethnic names that 自治州/自治县/自治旗 names carry between the place and the suffix.
var ethnicNames = []string{
	"维吾尔", "哈萨克", "柯尔克孜", "乌孜别克", "塔吉克", "塔塔尔", "俄罗斯", "达斡尔", "鄂温克", "鄂伦春",
	"土家", "布依", "哈尼", "傈僳", "拉祜", "东乡", "纳西", "景颇", "仫佬", "毛南", "仡佬", "锡伯",
	"阿昌", "普米", "德昂", "保安", "裕固", "独龙", "赫哲", "门巴", "珞巴", "基诺", "朝鲜", "蒙古", "撒拉",
	"高山", "壮", "回", "藏", "苗", "彝", "侗", "瑶", "白", "傣", "黎", "佤", "畲", "水", "土", "羌",
	"布朗", "怒", "京", "满",
}

func init() {
	sort.Slice(ethnicNames, func(i, j int) bool { return len(ethnicNames[i]) > len(ethnicNames[j]) })
}

// shortName is the name without its administrative suffix and ethnic names, or "" when fewer
// than two characters would be left (忠县, 和县) or the name has no suffix.
func shortName(name string, level int8) string {
	var suffixes []string
	switch level {
	case lvProvince:
		suffixes = []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"}
	case lvPrefecture:
		suffixes = []string{"自治州", "地区", "盟", "市"}
	default:
		suffixes = []string{"自治县", "自治旗", "新区", "林区", "特区", "矿区", "区", "县", "市", "旗"}
	}
	s := ""
	for _, suf := range suffixes {
		if strings.HasSuffix(name, suf) {
			s = strings.TrimSuffix(name, suf)
			break
		}
	}
	if s == "" {
		return ""
	}
	// 黔东南苗族侗族 → 黔东南; 鄂温克族 → 鄂温克 (the people names the place).
	for strings.HasSuffix(s, "族") {
		t := strings.TrimSuffix(s, "族")
		cut := false
		for _, e := range ethnicNames {
			if strings.HasSuffix(t, e) && utf8.RuneCountInString(t) > utf8.RuneCountInString(e) {
				s, cut = strings.TrimSuffix(t, e), true
				break
			}
		}
		if !cut {
			s = t
			break
		}
	}
	if utf8.RuneCountInString(s) < 2 {
		return ""
	}
	return s
}

var municipalities = map[string]bool{"110000": true, "120000": true, "310000": true, "500000": true}

func parseGazetteer(tsv string) *gazetteer {
	g := &gazetteer{byCode: map[string]*unit{}, index: map[rune][]*entry{}}
	parents := map[*unit]string{}
	for _, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || len(f[0]) != 6 || f[1] == "" {
			continue
		}
		u := &unit{code: f[0], name: f[1]}
		switch {
		case f[2] == "":
			u.level = lvProvince
		case strings.HasSuffix(f[0], "00"):
			u.level = lvPrefecture
		default:
			u.level = lvCounty
		}
		u.muni = municipalities[u.code]
		u.short = shortName(u.name, u.level)
		g.units = append(g.units, u)
		g.byCode[u.code] = u
		parents[u] = f[2]
	}
	for u, pc := range parents {
		if pc != "" {
			u.parent = g.byCode[pc] // nil only for a broken file: the unit then stands alone
		}
	}

	type key struct {
		s    string
		form int8
	}
	entries := map[key]*entry{}
	add := func(s string, form int8, u *unit) {
		if s == "" {
			return
		}
		k := key{s, form}
		e := entries[k]
		if e == nil {
			e = &entry{s: s, form: form}
			entries[k] = e
		}
		e.units = append(e.units, u)
	}
	fullNames := map[string]bool{}
	for _, u := range g.units {
		fullNames[u.name] = true
	}
	for _, u := range g.units {
		add(u.name, formFull, u)
		add(u.short, formShort, u)
		if u.short == "" {
			continue
		}
		// The usual abbreviations of autonomous units: 恩施州, 海南州 (not the province 海南),
		// 石柱县, 莫力达瓦旗.
		switch {
		case strings.HasSuffix(u.name, "自治州"):
			add(u.short+"州", formShort, u)
		case strings.HasSuffix(u.name, "自治县") && !fullNames[u.short+"县"]:
			add(u.short+"县", formFull, u)
		case strings.HasSuffix(u.name, "自治旗") && !fullNames[u.short+"旗"]:
			add(u.short+"旗", formFull, u)
		}
	}
	add("首都", formAlias, g.byCode["110000"])
	for k, e := range entries {
		if k.form == formFull {
			e.guarded = guardedNames[k.s] || utf8.RuneCountInString(k.s) <= 2
		}
		if k.form == formShort {
			// A short form shared by units of different levels names the highest: 吉林 is the
			// province (not 吉林市), 海南 the province (not 海南藏族自治州).
			top := int8(lvCounty)
			for _, u := range e.units {
				top = min(top, u.level)
			}
			kept := e.units[:0]
			for _, u := range e.units {
				if u.level == top {
					kept = append(kept, u)
				}
			}
			e.units = kept
		}
		r, _ := utf8.DecodeRuneInString(k.s)
		g.index[r] = append(g.index[r], e)
		if r >= cjkFirst && r <= cjkLast {
			g.starts[(r-cjkFirst)/64] |= 1 << ((r - cjkFirst) % 64)
		}
	}
	for _, es := range g.index {
		sort.Slice(es, func(i, j int) bool {
			if len(es[i].s) != len(es[j].s) {
				return len(es[i].s) > len(es[j].s)
			}
			if es[i].form != es[j].form {
				return es[i].form < es[j].form
			}
			return es[i].s < es[j].s
		})
	}
	return g
}
