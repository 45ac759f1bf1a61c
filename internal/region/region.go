// Package region finds where a budget document's department sits in China's administrative
// divisions: its province, its city and, where there is one, its county, against a gazetteer of
// the divisions kept as data (data/divisions.tsv, embedded: 31 provinces, 333 prefecture-level and
// 2,850 county-level units with GB/T 2260 codes; see data/README.md).
//
// # What a Region says
//
//   - Level is what the department is: "central" (a ministry or agency of the State: 财政部, 国家信访局,
//     中共中央…, 全国…, 中国地震局), "provincial" (江苏省人民检察院, 上海市审计局), "city" (衡水市生态环境局,
//     深圳市民政局: sub-provincial cities are cities) or "county" (上海市普陀区司法局: 区, 县, 县级市, 旗).
//     A municipality's own departments are provincial (上海市审计局), its districts' are counties.
//   - Province is the province-level unit (河北省, 上海市); "" for central departments and when unknown.
//   - City is the unit directly under the province that holds the department: a prefecture-level
//     city, 地区, 自治州 or 盟. For the four municipalities (北京, 天津, 上海, 重庆) it is the
//     municipality itself, so that City is set for every department of a municipality and its
//     districts alike (上海市普陀区司法局 → 上海市, 上海市, 普陀区). For a county-level city that no
//     prefecture holds (湖北 仙桃市, 河南 济源市, 新疆 石河子市 …) it is that city itself. "" for a
//     provincial department (江苏省人民检察院) and when unknown.
//   - County is the county-level unit, "" when none.
//   - Code is the GB/T 2260 code of the most specific unit found (310107 for 普陀区 of 上海).
//
// When the evidence leaves several units possible (a 鼓楼区 with nothing to say which of four),
// only what they share is returned: the province when they share one, else nothing; Level still
// says county when every candidate is a county.
//
// # How names are read
//
// Text is scanned for the gazetteer's names, leftmost and longest first, after spaces are taken
// out (covers print 上 海 市). A name counts in one of three forms:
//
//   - Full, with its administrative suffix (衡水市, 普陀区, 河北省, 恩施土家族苗族自治州): anywhere,
//     in the department name and in the other texts. Except full names that read like ordinary
//     words (城区, 郊区, 市中区, 新城区, 海城市 in 沿海城市, 合作市 in 合作市场, and every
//     one-character name with its suffix: 和县 in 各区和县, 理县 in 管理县) and names shared with a
//     common phrase (和平区, 新华区, 长安区 …): those count only at the start of the department name
//     or right after a unit above them (阳泉市城区, 马鞍山市和县). X市 followed by 场 (市场) is no
//     city, X区 or X县 followed by 域 (区域, 县域) no district.
//   - Short, without the suffix (北京, 衡水, 长沙): for provinces and prefectures only at the start of
//     the department name (长沙职业教育基地综合协调办公室) or right after a unit (江苏南京), for
//     counties only right after a unit above them (衡水桃城). Never in the other texts, never in a
//     university's name (中山大学, 北京大学: those places name no government). A short form that
//     names units of two levels names the higher: 吉林 is the province, 海南 too.
//   - Alias: 首都 for 北京市, at the start of the department name (首都绿化委员会办公室). The usual
//     abbreviations of autonomous units count as their names: 恩施州 (short), 石柱县 (full).
//
// In the department name, the prefixes of the Party and other bodies are skipped before the start
// (中共西安市委宣传部, 中国共产党广州市委员会宣传部, 共青团, 政协, the democratic parties), and the
// name stops at 驻 (北京市人民政府驻上海办事处 belongs to 北京; 驻马店市 is a name).
//
// # How evidence is weighed
//
// The department name has most weight. The places it opens with (after 中共 and the like) say
// whose it is, and are put together into the most specific unit consistent with most of them
// (上海市 + 普陀区 → 普陀区 of 上海, not of 舟山). A place named after the institution says where a
// branch sits, not whose it is (衡水市生态环境局桃城区分局 is 衡水市's), and only helps to choose;
// when the name opens with no place, every place in it counts (国家税务总局上海市税务局 is 上海's,
// whatever its ministry: a place named is where a department sits). When two units remain
// (朝阳区: 北京 or 长春?), the other texts decide, a unit counting for each name they give of it or
// above it; a tie keeps only what the candidates share. Without a place in the department name,
// a name of the central State makes the department central: one that begins with 中共中央, 中央,
// 国务院, 国家, 全国, 中国, 中华, 最高人民, 共青团中央, a ministry's name (财政部, 外交部 …), 海关总署,
// 审计署 or the State's newspapers, or ends with 水利委员会 or 流域管理局. Without either, the places
// of the first text that names any are put together as the department name's would be, with all the
// texts as the other evidence, and the answer is kept only when most names in the texts agree with
// its province.
// Without a place anywhere, texts that say 中央部门, 中央本级 or begin with a central agency's name
// make the department central; else the Region is empty (unknown).
//
// Locate reads at most 32 KiB of the texts, never panics, and takes tens of microseconds for a
// department name and its cover lines (under a millisecond for 32 KiB of text); the gazetteer is
// parsed once, on first use, in a few milliseconds.
package region

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Region is where a department sits. See the package comment for what each field means.
type Region struct {
	Province string // 河北省; "" when central or unknown
	City     string // 衡水市; "" when none or unknown
	County   string // 桃城区; "" when none or unknown
	Level    string // LevelCentral, LevelProvincial, LevelCity, LevelCounty, or "" when unknown
	Code     string // GB/T 2260 code of the most specific unit found, or ""
}

// Values of Region.Level.
const (
	LevelCentral    = "central"
	LevelProvincial = "provincial"
	LevelCity       = "city"
	LevelCounty     = "county"
)

// maxText is how many bytes of the texts Locate reads, all together: titles and cover lines come
// first, and a place not named in the first pages is no evidence of the department's.
const maxText = 32 << 10

// Locate finds the region of a department from its name (most weight) and from other texts of its
// document (titles, cover lines, the first paragraphs, in document order): the most specific answer
// consistent with the evidence, or only what is certain. See the package comment for the rules.
func Locate(department string, texts ...string) Region {
	g := gaz()
	dep := compact(department, maxText)
	depMentions, depStart := g.scan(dep, true)

	var txtMentions [][]mention // per text, in order
	budget := maxText
	for _, t := range texts {
		if budget <= 0 {
			break
		}
		c := compact(t, budget)
		budget -= len(c)
		if ms, _ := g.scan(c, false); len(ms) > 0 {
			txtMentions = append(txtMentions, ms)
		}
	}
	var all []mention
	for _, ms := range txtMentions {
		all = append(all, ms...)
	}

	if len(depMentions) > 0 {
		primary := depMentions
		if depMentions[0].start == depStart {
			// The places the name opens with say whose it is; a place after the institution
			// (衡水市生态环境局桃城区分局) says where a branch sits, and only helps to choose.
			n := 1
			for n < len(depMentions) && depMentions[n].start == depMentions[n-1].end {
				n++
			}
			primary = depMentions[:n]
			all = append(depMentions[n:len(depMentions):len(depMentions)], all...)
		}
		return resolve(primary, all).region()
	}
	if isCentralName(dep) {
		return Region{Level: LevelCentral}
	}
	if len(txtMentions) > 0 {
		a := resolve(txtMentions[0], all)
		if a.lca != nil && agreeing(a.lca.province(), all) {
			return a.region()
		}
		return Region{}
	}
	// A title may be broken over lines (国家信访局 / 2024年度部门决算): the first lines are read
	// together too.
	head := ""
	for i, t := range texts {
		c := compact(t, 4096)
		if isCentralText(c) {
			return Region{Level: LevelCentral}
		}
		if i < 3 {
			head += c
		}
	}
	if isCentralText(head) {
		return Region{Level: LevelCentral}
	}
	return Region{}
}

// compact removes white space (covers print 上 海 市 普 陀 区) and invalid bytes, and keeps at most
// max bytes.
func compact(s string, max int) string {
	clean := len(s) <= max
	for i := 0; clean && i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			clean = !asciiSpace(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		clean = r != utf8.RuneError && !unicode.IsSpace(r)
		i += size
	}
	if clean {
		return s
	}
	b := make([]byte, 0, min(len(s), max))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if asciiSpace(c) {
				continue
			}
			if len(b)+1 > max {
				break
			}
			b = append(b, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError || unicode.IsSpace(r) {
			continue
		}
		if len(b)+size > max {
			break
		}
		b = append(b, s[i-size:i]...)
	}
	return string(b)
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// A mention is a name found in a text, with the units it may be.
type mention struct {
	units      []*unit
	start, end int
}

// depPrefixes are skipped at the start of a department name before its place: 中共西安市委,
// 共青团上海市委员会, 政协…, 民盟…; longest first where one begins another.
var depPrefixes = []string{
	"中国共产主义青年团", "中国共产党", "共青团", "中共",
	"中国人民政治协商会议", "政协",
	"中国国民党革命委员会", "中国民主同盟", "中国民主建国会", "中国民主促进会", "中国农工民主党",
	"中国致公党", "九三学社", "台湾民主自治同盟",
	"民革", "民盟", "民建", "民进", "农工党", "致公党", "台盟",
}

// scan finds the names in s, and where names may begin in a department name (dep) once the
// prefixes are skipped: there short forms and guarded names may open it, and it stops at 驻.
func (g *gazetteer) scan(s string, dep bool) ([]mention, int) {
	start := 0
	if dep {
		for again := true; again; {
			again = false
			for _, p := range depPrefixes {
				if strings.HasPrefix(s[start:], p) {
					start += len(p)
					again = true
					break
				}
			}
		}
	}
	var out []mention
	university := dep && strings.Contains(s, "大学")
	for i := start; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var prev *mention
		if n := len(out); n > 0 && out[n-1].end == i {
			prev = &out[n-1]
		}
		var got *mention
		for _, e := range g.entries(r) {
			if !strings.HasPrefix(s[i:], e.s) {
				continue
			}
			m, ok := accept(e, s, i, prev, dep && i == start, dep, university)
			if ok {
				got = &m
				break
			}
		}
		if got != nil {
			out = append(out, *got)
			i = got.end
			continue
		}
		if dep && r == '驻' {
			break // 北京市人民政府驻上海办事处: what follows 驻 is where, not whose
		}
		i += size
	}
	return out, start
}

// accept says whether entry e, found at s[i:], counts there, and with which units.
func accept(e *entry, s string, i int, prev *mention, depStart, dep, university bool) (mention, bool) {
	end := i + len(e.s)
	units := e.units
	// Right after a unit above it, a name means the one under that unit (上海市普陀区).
	chained := false
	if prev != nil {
		var under []*unit
		for _, u := range units {
			for _, p := range prev.units {
				if u != p && u.under(p) {
					under = append(under, u)
					break
				}
			}
		}
		if len(under) > 0 {
			units, chained = under, true
		}
	}
	switch e.form {
	case formFull:
		if strings.HasSuffix(e.s, "市") && strings.HasPrefix(s[end:], "场") {
			return mention{}, false // 合作市场, 上海市场: a market
		}
		if (strings.HasSuffix(e.s, "区") || strings.HasSuffix(e.s, "县")) && strings.HasPrefix(s[end:], "域") {
			return mention{}, false // 西安区域, 新兴县域经济: an area, not 西安区
		}
		if e.guarded && !chained && !depStart {
			return mention{}, false
		}
	case formShort:
		if university {
			return mention{}, false
		}
		top := units[0].level < lvCounty
		if !(chained || (depStart && top)) {
			return mention{}, false
		}
	case formAlias:
		if !depStart {
			return mention{}, false
		}
	}
	return mention{units: units, start: i, end: end}, true
}

// answer is what resolve found: the unit all candidates share (lca) and the level they share.
type answer struct {
	lca   *unit
	level int8 // of the candidates; 0 when they differ
}

// resolve puts the primary mentions (those of the department name) together into the most
// specific consistent unit, the others deciding between candidates left.
func resolve(primary, others []mention) answer {
	// Candidates: every unit a primary mention may be.
	var cands []*unit
	seen := map[*unit]bool{}
	for _, m := range primary {
		for _, u := range m.units {
			if !seen[u] {
				seen[u] = true
				cands = append(cands, u)
			}
		}
	}
	consistent := func(m mention, u *unit) bool {
		for _, v := range m.units {
			if u.under(v) {
				return true
			}
		}
		return false
	}
	// Most primary mentions consistent, then the deepest, then the one consistent with the
	// earliest mention (the department's owner comes first), then most support from the others.
	type scored struct {
		u                    *unit
		score, first, others int
	}
	var best []scored
	better := func(a, b scored) int { // >0 when a is better
		switch {
		case a.score != b.score:
			return a.score - b.score
		case a.u.level != b.u.level:
			return int(a.u.level) - int(b.u.level)
		case a.first != b.first:
			return b.first - a.first
		}
		return a.others - b.others
	}
	for _, u := range cands {
		sc := scored{u: u, first: len(primary)}
		for i, m := range primary {
			if consistent(m, u) {
				sc.score++
				sc.first = min(sc.first, i)
			}
		}
		for _, m := range others {
			if consistent(m, u) {
				sc.others++
			}
		}
		if len(best) == 0 {
			best = append(best, sc)
			continue
		}
		switch c := better(sc, best[0]); {
		case c > 0:
			best = append(best[:0], sc)
		case c == 0:
			best = append(best, sc)
		}
	}
	if len(best) == 0 {
		return answer{}
	}
	a := answer{lca: best[0].u, level: best[0].u.level}
	for _, b := range best[1:] {
		a.lca = commonAncestor(a.lca, b.u)
		if b.u.level != a.level {
			a.level = 0
		}
	}
	return a
}

func commonAncestor(a, b *unit) *unit {
	for x := a; x != nil; x = x.parent {
		if b.under(x) {
			return x
		}
	}
	return nil
}

// agreeing says whether most mentions of the texts are consistent with province p.
func agreeing(p *unit, ms []mention) bool {
	yes, no := 0, 0
	for _, m := range ms {
		in := false
		for _, u := range m.units {
			if u.province() == p {
				in = true
				break
			}
		}
		if in {
			yes++
		} else {
			no++
		}
	}
	return yes > no
}

func (a answer) region() Region {
	u := a.lca
	if u == nil {
		if a.level == lvCounty || a.level == lvPrefecture {
			return Region{Level: levelName(a.level)}
		}
		return Region{}
	}
	r := Region{Code: u.code, Level: levelName(a.level)}
	switch u.level {
	case lvProvince:
		r.Province = u.name
		if u.muni {
			r.City = u.name
		}
	case lvPrefecture:
		r.City = u.name
		if u.parent != nil {
			r.Province = u.parent.name
		}
	case lvCounty:
		r.County = u.name
		if p := u.parent; p != nil {
			switch {
			case p.level == lvPrefecture:
				r.City = p.name
				if p.parent != nil {
					r.Province = p.parent.name
				}
			case p.muni:
				r.Province, r.City = p.name, p.name
			default: // a county-level city under its province: it stands for its prefecture
				r.Province, r.City = p.name, u.name
			}
		}
	}
	return r
}

func levelName(l int8) string {
	switch l {
	case lvProvince:
		return LevelProvincial
	case lvPrefecture:
		return LevelCity
	case lvCounty:
		return LevelCounty
	}
	return ""
}

// centralPrefixes begin the names of the central State's departments (when no place follows).
var centralPrefixes = []string{
	"中共中央", "中国共产党中央", "中央", "国务院", "国家", "全国", "中国", "中华", "最高人民", "共青团中央",
	"新华通讯社", "人民日报社", "光明日报社", "经济日报社", "求是杂志社", "海关总署", "审计署", "欧美同学会",
	// the ministries, whose names carry no prefix
	"外交部", "国防部", "教育部", "科学技术部", "工业和信息化部", "公安部", "民政部", "司法部", "财政部",
	"人力资源和社会保障部", "人力资源社会保障部", "自然资源部", "生态环境部", "住房和城乡建设部",
	"住房城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部", "退役军人事务部",
	"应急管理部",
}

// centralSuffixes end the names of central agencies seated outside Beijing.
var centralSuffixes = []string{"水利委员会", "流域管理局"}

func isCentralName(s string) bool {
	s = strings.TrimLeft(s, "“\"《（(【[")
	for _, p := range centralPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	s = strings.TrimRight(s, ")）")
	if i := strings.LastIndexAny(s, "(（"); i > 0 {
		s = s[:i] // 财政部(本级)
	}
	for _, p := range centralSuffixes {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

// isCentralText says whether a title or cover line says its department is central: 中央部门,
// 中央本级, 中央国家机关, or a title that opens with a central name and says what it is within its
// first 30 characters (国家信访局2024年度部门决算).
func isCentralText(s string) bool {
	for _, w := range []string{"中央部门", "中央本级", "中央国家机关", "中央和国家机关"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	if !isCentralName(s) {
		return false
	}
	head := s
	if n := 0; len(head) > 0 {
		for i := range head {
			if n == 30 {
				head = head[:i]
				break
			}
			n++
		}
	}
	for _, w := range []string{"部门预算", "部门决算", "单位预算", "单位决算"} {
		if strings.Contains(head, w) {
			return true
		}
	}
	return false
}
