package docx

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/fixtures/hostile"
	"github.com/budgetx/budgetx/model"
)

// readRef is Read with the main part read through encoding/xml, as before
// the scanner (xmlref_test.go).
func readRef(path string, data []byte, lim model.Limits) (*model.Document, error) {
	return read(path, data, lim, func(file, part string, r io.Reader, lim model.Limits, doc *model.Document) error {
		return newRefParser(file, part, r, lim).document(doc)
	})
}

// sameRead reads data with the scanner and with encoding/xml, under lim,
// and fails t unless both give the same document or the same error.
func sameRead(t testing.TB, name string, data []byte, lim model.Limits) {
	t.Helper()
	got, gotErr := Read("f.docx", data, lim)
	want, wantErr := readRef("f.docx", data, lim)
	switch {
	case gotErr != nil || wantErr != nil:
		if gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() || model.ErrorClass(gotErr) != model.ErrorClass(wantErr) {
			t.Fatalf("%s: the scanner gives error %v, encoding/xml %v", name, gotErr, wantErr)
		}
	case !reflect.DeepEqual(got, want):
		g, w := dump(got), dump(want)
		t.Fatalf("%s: the scanner reads\n\t%s\nencoding/xml\n\t%s", name, strings.Join(g, "\n\t"), strings.Join(w, "\n\t"))
	}
}

// xmlCases are main parts that exercise XML itself more than
// WordprocessingML: each is read both ways by TestScannerXML and seeds
// FuzzScannerMatchesDecoder.
var xmlCases = map[string]string{
	"entities":          docXML(`<w:p><w:r><w:t>a&amp;b&lt;c&gt;d&apos;e&quot;f&#20013;&#x6587;&#X41;</w:t></w:r></w:p>`),
	"bad entity":        docXML(para("a&nbsp;b")),
	"entity no ;":       docXML(para("a&amp b")),
	"entity empty":      docXML(para("a&;b")),
	"char ref empty":    docXML(para("a&#;b")),
	"char ref hex":      docXML(para("a&#x;b&#x4e2D;")),
	"char ref too big":  docXML(para("&#x110000;")),
	"char ref huge":     docXML(para("&#99999999999999999999999;")),
	"char ref nul":      docXML(para("&#0;")),
	"char ref fffe":     docXML(para("&#xFFFE;")),
	"char ref surr":     docXML(para("&#xD800;")),
	"entity at end":     docXML(para("a&")),
	"entity name utf8":  docXML(para("a&中;b")),
	"line ends":         "<?xml version=\"1.0\"?>\r\n" + docXML(para("a\rb\r\nc\n\rd\r\r\ne")+"\r\n"+para("x\r")),
	"line ends attr":    docXML(`<w:p><w:pPr><w:pStyle w:val="a` + "\r\n" + `b"/></w:pPr>` + `<w:r><w:t>t</w:t></w:r></w:p>`),
	"cdata":             docXML(`<w:p><w:r><w:t><![CDATA[a<b>&amp;]]]]><![CDATA[>c` + "\r\n" + `]]></w:t></w:r></w:p>`),
	"cdata unclosed":    docXML(`<w:p><w:r><w:t><![CDATA[abc`),
	"cdata bad":         docXML(`<w:p><w:r><w:t><![CDAT[a]]></w:t></w:r></w:p>`),
	"]]> in text":       docXML(para("a]]>b")),
	"]] > in text":      docXML(para("a]]&amp;>b ]>")),
	"comments":          `<!-- c --><?pi x?>` + docXML(`<!---->`+para("a<!-- in -- >")),
	"comment ok":        docXML(`<!-- a - b -->` + para("a") + `<!--->-->`),
	"comment --":        docXML(`<!-- a -- b -->` + para("a")),
	"comment <!-":       docXML(`<!-x>` + para("a")),
	"doctype":           `<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e "x"> <!-- > --> <!ATTLIST a b "c>">]>` + docXML(para("a")),
	"doctype entity":    `<!DOCTYPE d [<!ENTITY e "x">]>` + docXML(para("&e;")),
	"doctype quotes":    `<!'>'>` + docXML(para("a")),
	"doctype nested":    `<!D <a <b> '>' > <!-x> >` + docXML(para("a")),
	"version":           `<?xml version="1.1"?>` + docXML(para("a")),
	"encoding":          `<?xml version="1.0" encoding="GBK"?>` + docXML(para("a")),
	"encoding utf8":     `<?xml version='1.0' encoding='Utf-8'?>` + docXML(para("a")),
	"pi in body":        docXML(`<?mso-application progid="Word.Document"?>` + para("a")),
	"pi no target":      docXML(`<? x?>` + para("a")),
	"pi bad name":       docXML(`<?1x?>` + para("a")),
	"pi utf8 name":      docXML(`<?中文?>` + para("a")),
	"pi utf8 bad name":  docXML(`<?·x?>` + para("a")),
	"utf8 names":        docXML(`<w:p><w:r><中:文 x="1">skip</中:文><w:t>a</w:t></w:r></w:p>`),
	"bad utf8 name":     docXML("<w:p><w:r><w:t\xff>a</w:t\xff></w:r></w:p>"),
	"bad utf8 text":     docXML(para("a\xffb")),
	"control text":      docXML(para("a\x01b")),
	"fffe text":         docXML(para("a\uFFFEb")),
	"tab text":          docXML(para("a\tb")),
	"bad utf8 attr":     docXML(`<w:p><w:pPr><w:pStyle w:val="a` + "\xc3" + `"/></w:pPr></w:p>`),
	"attr lt":           docXML(`<w:p><w:pPr><w:pStyle w:val="a<b"/></w:pPr></w:p>`),
	"attr gt":           docXML(`<w:p><w:pPr><w:pStyle w:val="a>b]]>"/></w:pPr>` + `<w:r><w:t>x</w:t></w:r></w:p>`),
	"attr quotes":       docXML(`<w:p><w:pPr><w:pStyle w:val='a"b'/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`),
	"attr entity":       docXML(`<w:p><w:pPr><w:pStyle w:val="a&amp;&#x41;&lt;"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`),
	"attr bad entity":   docXML(`<w:p><w:pPr><w:pStyle w:val="a&b;"/></w:pPr></w:p>`),
	"attr unquoted":     docXML(`<w:p><w:pPr><w:pStyle w:val=a/></w:pPr></w:p>`),
	"attr no value":     docXML(`<w:p><w:pPr><w:pStyle w:val/></w:pPr></w:p>`),
	"attr no space":     docXML(`<w:p><w:pPr><w:pStyle w:val="a"w:x="b"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`),
	"attr spaces":       docXML(`<w:p ><w:pPr	><w:pStyle  w:val = "a" /></w:pPr><w:r><w:t>x</w:t ></w:r></w:p>`),
	"attr two colons":   docXML(`<w:p><w:pPr><w:pStyle w:v:al="a"/></w:pPr></w:p>`),
	"attr colon ends":   docXML(`<w:p><w:pPr><w:pStyle :val="a"/><w:pStyle val:="b"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`),
	"attr no name":      docXML(`<w:p><w:pPr><w:pStyle ="a"/></w:pPr></w:p>`),
	"slash no gt":       docXML(`<w:p/ >`),
	"elem two colons":   docXML(`<w:p><w:r:x/></w:p>`),
	"elem colon ends":   docXML(`<w:p><:r><w:t>a</w:t></:r><r:><w:t>b</w:t></r:></w:p>`),
	"elem no name":      docXML(`<w:p>< w:r/></w:p>`),
	"end no name":       docXML(`<w:p></ w:p>`),
	"end spaces":        docXML(`<w:p></w:p  >` + para("a")),
	"end junk":          docXML(`<w:p></w:p x>`),
	"end mismatch":      docXML(`<w:p><w:r></w:p></w:r>`),
	"end prefix":        docXML(`<w:p><w:r></x:r></w:p>`),
	"end no prefix":     docXML(`<w:p><w:r></r></w:p>`),
	"stray end":         `</w:document>`,
	"no root":           `<?xml version="1.0"?><!-- x -->`,
	"text only":         `just text`,
	"empty":             ``,
	"root not w":        `<x:document xmlns:x="urn:x"><x:body/></x:document>`,
	"root empty":        `<w:document/>`,
	"after root":        docXML(para("a")) + `<junk>&bad;`,
	"truncated tag":     docStart + `<w:p><w:r><w:t`,
	"truncated attr":    docStart + `<w:p w:x="abc`,
	"truncated attr2":   `<w:document w:x="abc`,
	"truncated end":     docStart + `<w:p></w:p`,
	"truncated text":    docStart + `<w:p><w:r><w:t>abc`,
	"truncated entity":  docStart + `<w:p><w:r><w:t>a&am`,
	"truncated charref": docStart + `<w:p><w:r><w:t>a&#12`,
	"truncated comment": docStart + `<!-- abc`,
	"truncated pi":      docStart + `<?x abc`,
	"truncated dir":     docStart + `<!DOCTYPE abc`,
	"truncated cdata":   docStart + `<![CDA`,
	"truncated lt":      docStart + `<`,
	"xmlns element":     docXML(`<xmlns><w:p><w:r><w:t>a</w:t></w:r></w:p></xmlns><xmlns:p/>`),
	"xml prefix":        docXML(`<w:p><w:r><xml:t>a</xml:t><w:t xml:val="x">b</w:t></w:r></w:p>`),
	"rebind w":          docXML(`<w:p xmlns:w="urn:other"><w:r><w:t>gone</w:t></w:r></w:p>` + para("kept")),
	"rebind w in run":   docXML(`<w:p><w:r><w:t>a</w:t></w:r><w:r xmlns:w="urn:other"><w:t>gone</w:t></w:r><w:r><w:t>b</w:t></w:r></w:p>`),
	"other prefix attr": docXML(`<w:p><w:pPr><w:pStyle xmlns:x="` + nsW + `" x:val="S"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>`),
	"attr of other ns":  docXML(`<w:p><w:pPr><w:pStyle xmlns:x="urn:x" x:val="S"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>`),
	"undeclared attr":   docXML(`<w:p><w:pPr><w:pStyle q:val="S"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>`),
	"xmlns attr val":    docXML(`<w:p><w:pPr><w:pStyle xmlns:val="S"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>`),
	"default ns":        `<document xmlns="` + nsW + `"><body><p><pPr><pStyle val="S"/></pPr><r><t>a</t></r></p><w:p><w:r><w:t>b</w:t></w:r></w:p></body></document>`,
	"default ns undone": `<document xmlns="` + nsW + `"><body><p xmlns=""><r><t>a</t></r></p><p><r><t>b</t></r></p></body></document>`,
	"empty prefix uri":  `<w:document xmlns:w=""><w:body/></w:document>`,
	"w bound to w":      `<x:document xmlns:x="w"><x:body><x:p><x:r><x:t>a</x:t></x:r></x:p></x:body></x:document>`,
	"mc other prefix":   docXML(`<w:p><w:r><m:AlternateContent xmlns:m="` + nsMC + `"><m:Choice><w:t>a</w:t></m:Choice><m:Fallback><w:t>b</w:t></m:Fallback></m:AlternateContent></w:r></w:p>`),
	"mc undeclared":     `<w:document><w:body><w:p><w:r><mc:AlternateContent><mc:Choice><w:t>a</w:t></mc:Choice><mc:Fallback><w:t>b</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p></w:body></w:document>`,
	"ns on empty elem":  docXML(`<w:p><w:r xmlns:w="urn:x"/><w:r><w:t>a</w:t></w:r></w:p>`),
	"strict ns":         strings.ReplaceAll(docXML(para("a")+tbl(1, tr("", tc(`<w:gridSpan w:val="2"/>`, para("b"))))), nsW, nsWStrict),
	"self-closing t":    docXML(`<w:p><w:r><w:t/><w:t></w:t><w:t>a</w:t></w:r></w:p>`),
	"t with children":   docXML(`<w:p><w:r><w:t>a<w:b>x</w:b>b<!--c-->c<?p?>d</w:t></w:r></w:p>`),
	"text between":      docXML("\n  " + `<w:p>` + "\n" + `<w:r> <w:t> a </w:t> </w:r></w:p>` + "\n"),
	"gridspan spaces":   docXML(tbl(3, tr("", tc(`<w:gridSpan w:val=" 2 "/>`, para("a"))), tr("", tc(`<w:gridSpan w:val="+2"/>`, para("b"))), tr("", tc(`<w:gridSpan w:val="-2"/>`, para("c"))), tr("", tc(`<w:gridSpan w:val="0002"/>`, para("d"))), tr("", tc(`<w:gridSpan w:val="x"/>`, para("e"))))),
	"gridspan huge":     docXML(tbl(1, tr("", tc(`<w:gridSpan w:val="-99999999999999999999"/>`, para("a"))), tr("", tc(`<w:gridSpan w:val="123456789"/>`, para("b"))))),
	"deep":              docXML(strings.Repeat(`<w:sdt><w:sdtContent>`, maxElementDepth/2) + para("a") + strings.Repeat(`</w:sdtContent></w:sdt>`, maxElementDepth/2)),
	"too deep":          docXML(strings.Repeat(`<w:sdt><w:sdtContent>`, maxElementDepth) + para("a") + strings.Repeat(`</w:sdtContent></w:sdt>`, maxElementDepth)),
	"long text":         docXML(para(strings.Repeat("长文本", 100000))),
	"long attr":         docXML(`<w:p><w:pPr><w:pStyle w:val="` + strings.Repeat("s", 200000) + `"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>`),
	"long name":         docXML(`<w:p><w:` + strings.Repeat("n", 200000) + `/><w:r><w:t>a</w:t></w:r></w:p>`),
	"long comment":      docXML(`<!--` + strings.Repeat("-x", 100000) + `-->` + para("a")),
	"many attrs":        docXML(`<w:p><w:pPr><w:pStyle ` + strings.Repeat(`a="1" `, 30000) + `w:val="S"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>`),
	"many lines":        docXML(strings.Repeat(para("a")+"\n", 20000) + `<w:p>&bad;</w:p>`),
}

// TestScannerXML: the scanner reads each of xmlCases as encoding/xml
// does: the same document, or the same error.
func TestScannerXML(t *testing.T) {
	for name, doc := range xmlCases {
		t.Run(name, func(t *testing.T) {
			data := makeZip(t, part{"word/document.xml", doc})
			sameRead(t, name, data, model.Limits{})
			sameRead(t, name, data, fuzzLimits)
		})
	}
}

// TestScannerTinyReads: the same documents read one byte at a time,
// so that every token crosses the scanner's buffer boundary.
func TestScannerTinyReads(t *testing.T) {
	for name, doc := range xmlCases {
		t.Run(name, func(t *testing.T) {
			var got, want model.Document
			gotErr := newParser("f.docx", "word/document.xml", &oneByteReader{strings.NewReader(doc)}, model.DefaultLimits()).document(&got)
			wantErr := newRefParser("f.docx", "word/document.xml", strings.NewReader(doc), model.DefaultLimits()).document(&want)
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Fatalf("the scanner gives error %v, encoding/xml %v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("the scanner reads\n\t%s\nencoding/xml\n\t%s", strings.Join(dump(&got), "\n\t"), strings.Join(dump(&want), "\n\t"))
			}
		})
	}
}

// oneByteReader reads a byte at a time.
type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

// TestScannerMatchesDecoder: the fixtures, the reader's tests, the
// malformed files and the DOCX cases of the adversarial corpus
// (fixtures/hostile) read both ways give the same document or the same
// error.
func TestScannerMatchesDecoder(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "fixtures", "docx", "*.docx"))
	if len(paths) == 0 {
		t.Fatal("no fixtures/docx/*.docx")
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sameRead(t, path, data, model.Limits{})
	}
	for _, tt := range readTests {
		sameRead(t, tt.name, makeDocx(t, tt.body), model.Limits{})
	}
	for _, m := range malformedFiles(t) {
		sameRead(t, m.name, m.data, model.Limits{})
	}
	dir := t.TempDir()
	cases := map[string]string{} // name → path
	for _, c := range hostile.Cases() {
		if c.Format != "docx" || c.Special {
			continue
		}
		path, err := c.Gen(dir)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		cases[c.Name] = path
	}
	if len(cases) < 20 {
		t.Fatalf("only %d DOCX cases in fixtures/hostile", len(cases))
	}
	t.Run("hostile", func(t *testing.T) {
		for name, path := range cases {
			t.Run(name, func(t *testing.T) {
				t.Parallel() // the largest take seconds through encoding/xml
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				sameRead(t, name, data, model.Limits{})
			})
		}
	})
}

// FuzzScannerMatchesDecoder: any main part reads the same with the
// scanner as with encoding/xml, under small limits.
func FuzzScannerMatchesDecoder(f *testing.F) {
	for _, doc := range xmlCases {
		if len(doc) < 4096 {
			f.Add([]byte(doc))
		}
	}
	for _, tt := range readTests {
		f.Add([]byte(docXML(tt.body)))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		var got, want model.Document
		gotErr := newParser("f.docx", "word/document.xml", &limitReader{r: strings.NewReader(string(doc)), n: fuzzLimits.PartBytes, limit: fuzzLimits.PartBytes}, fuzzLimits).document(&got)
		wantErr := newRefParser("f.docx", "word/document.xml", &limitReader{r: strings.NewReader(string(doc)), n: fuzzLimits.PartBytes, limit: fuzzLimits.PartBytes}, fuzzLimits).document(&want)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("the scanner gives error %v, encoding/xml %v", gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("the scanner reads\n\t%s\nencoding/xml\n\t%s", strings.Join(dump(&got), "\n\t"), strings.Join(dump(&want), "\n\t"))
		}
	})
}
