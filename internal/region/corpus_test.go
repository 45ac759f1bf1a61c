package region

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A testdata row: a document, the truth where the row carries it, its department name as budgetx
// reads it, and its texts (cover lines, then table titles). Written by testdata/make.py.
type docRow struct {
	name, truth, dep string
	texts            []string
}

func readRows(t *testing.T, path string) []docRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []docRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			t.Fatalf("%s: short row %q", path, line)
		}
		rows = append(rows, docRow{name: f[0], truth: f[1], dep: f[2], texts: f[3:]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// realWideCity is where each city of ../shared/real-wide's MANIFEST (its city column) sits.
var realWideCity = map[string]Region{
	"上海": {Province: "上海市", City: "上海市", Level: LevelProvincial, Code: "310000"},
	"北京": {Province: "北京市", City: "北京市", Level: LevelProvincial, Code: "110000"},
	"重庆": {Province: "重庆市", City: "重庆市", Level: LevelProvincial, Code: "500000"},
	"广州": {Province: "广东省", City: "广州市", Level: LevelCity, Code: "440100"},
	"深圳": {Province: "广东省", City: "深圳市", Level: LevelCity, Code: "440300"},
	"无锡": {Province: "江苏省", City: "无锡市", Level: LevelCity, Code: "320200"},
	"苏州": {Province: "江苏省", City: "苏州市", Level: LevelCity, Code: "320500"},
	"杭州": {Province: "浙江省", City: "杭州市", Level: LevelCity, Code: "330100"},
	"泉州": {Province: "福建省", City: "泉州市", Level: LevelCity, Code: "350500"},
	"西安": {Province: "陕西省", City: "西安市", Level: LevelCity, Code: "610100"},
	"长沙": {Province: "湖南省", City: "长沙市", Level: LevelCity, Code: "430100"},
}

// TestRealWide: every document of ../shared/real-wide is placed in its manifest's city (and its
// province), at the level of a municipality's or a city's department; from its department name and
// texts, from its department name alone, and never elsewhere from its texts alone.
func TestRealWide(t *testing.T) {
	rows := readRows(t, filepath.Join("testdata", "realwide.tsv"))
	if len(rows) != 62 {
		t.Fatalf("testdata/realwide.tsv: %d documents, want the 62 of real-wide", len(rows))
	}
	for _, r := range rows {
		want, ok := realWideCity[r.truth]
		if !ok {
			t.Errorf("%s: manifest city %q has no expected region in the test", r.name, r.truth)
			continue
		}
		if got := Locate(r.dep, r.texts...); got != want {
			t.Errorf("%s: Locate(%q, texts) = %+v, want %+v", r.name, r.dep, got, want)
		}
		if got := Locate(r.dep); got != want {
			t.Errorf("%s: Locate(%q) = %+v, want %+v", r.name, r.dep, got, want)
		}
		if got := Locate("", r.texts...); got != want && got != (Region{}) {
			t.Errorf("%s: Locate(\"\", texts) = %+v, want %+v or nothing", r.name, got, want)
		}
	}
}

// TestRealWideManifest: the testdata holds every document of ../shared/real-wide's MANIFEST.tsv,
// with its city and department.
func TestRealWideManifest(t *testing.T) {
	path := findUp(t, filepath.Join("shared", "real-wide", "MANIFEST.tsv"))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]docRow{}
	for _, r := range readRows(t, filepath.Join("testdata", "realwide.tsv")) {
		rows[r.name] = r
	}
	sc := bufio.NewScanner(f)
	sc.Scan() // header: file city department …
	n := 0
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 3 {
			continue
		}
		n++
		r, ok := rows[fs[0]]
		switch {
		case !ok:
			t.Errorf("%s is in the manifest, not in testdata/realwide.tsv (run testdata/make.py)", fs[0])
		case r.truth != fs[1]:
			t.Errorf("%s: testdata city %q, manifest %q", fs[0], r.truth, fs[1])
		}
		if want := realWideCity[fs[1]]; ok && Locate(fs[2]) != want {
			t.Errorf("%s: Locate(manifest department %q) = %+v, want %+v", fs[0], fs[2], Locate(fs[2]), want)
		}
	}
	if n != len(rows) {
		t.Errorf("manifest: %d documents, testdata: %d", n, len(rows))
	}
}

// findUp finds rel in the package directory or a directory above it (../shared sits beside the
// repository), failing the test when there is none.
func findUp(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("%s not found above the package directory (../shared sits beside the repository)", rel)
		}
		dir = parent
	}
}

// fixtureRegion is where the department of each golden fixture sits.
var fixtureRegion = map[string]Region{
	"beijing-caizhengju-2026-budget-tables.pdf": {Province: "北京市", City: "北京市", Level: LevelProvincial, Code: "110000"},
	"central-xinfangju-2024-final-account.pdf":  {Level: LevelCentral},
	"foshan-guidao-2019-final-account.pdf":      {Province: "广东省", City: "佛山市", Level: LevelCity, Code: "440600"},
	"jiangsu-jianchayuan-2019-budget.pdf":       {Province: "江苏省", Level: LevelProvincial, Code: "320000"},
	// A template of 上海市 XX 局: no department name, its cover says 上海市.
	"shanghai-final-account-template-2024.pdf":               {Province: "上海市", City: "上海市", Level: LevelProvincial, Code: "310000"},
	"shanghai-putuo-caizhengju-2024-final-account.pdf":       {Province: "上海市", City: "上海市", County: "普陀区", Level: LevelCounty, Code: "310107"},
	"shanghai-putuo-shehui-gongzuobu-2024-final-account.pdf": {Province: "上海市", City: "上海市", County: "普陀区", Level: LevelCounty, Code: "310107"},
	"shanghai-putuo-sifaju-2026-budget.pdf":                  {Province: "上海市", City: "上海市", County: "普陀区", Level: LevelCounty, Code: "310107"},
	"shanghai-putuo-zhengfu-bangongshi-2025-budget.pdf":      {Province: "上海市", City: "上海市", County: "普陀区", Level: LevelCounty, Code: "310107"},
	"shenzhen-minzhengju-2026-budget.pdf":                    {Province: "广东省", City: "深圳市", Level: LevelCity, Code: "440300"},
}

var hengshui = Region{Province: "河北省", City: "衡水市", Level: LevelCity, Code: "131100"}

// TestFixtures: every golden fixture's document is placed right, from its department name (as its
// golden has it) and texts.
func TestFixtures(t *testing.T) {
	rows := readRows(t, filepath.Join("testdata", "fixtures.tsv"))
	goldens, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(goldens) || len(rows) < 23 {
		t.Fatalf("testdata/fixtures.tsv: %d documents, fixtures/golden: %d (run testdata/make.py)", len(rows), len(goldens))
	}
	for _, r := range rows {
		want, ok := fixtureRegion[r.name]
		if strings.HasPrefix(r.name, "hebei-hengshui-") {
			want, ok = hengshui, true
		}
		if !ok {
			t.Errorf("%s: no expected region in the test", r.name)
			continue
		}
		if got := Locate(r.dep, r.texts...); got != want {
			t.Errorf("%s: Locate(%q, texts) = %+v, want %+v", r.name, r.dep, got, want)
		}
	}
}
