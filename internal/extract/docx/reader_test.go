package docx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/budgetx/budgetx/model"
)

var update = flag.Bool("update", false, "rewrite the generated files in testdata/")

// part is one entry of a zip archive built by a test.
type part struct{ name, body string }

// makeZip builds a zip archive of parts, in order.
func makeZip(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	docStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="w14"><w:body>`
	docEnd = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
)

// docXML wraps body, the content of a w:body, into a main document part.
func docXML(body string) string { return docStart + body + docEnd }

// makeDocx builds a .docx whose body is body.
func makeDocx(t testing.TB, body string) []byte {
	return makeZip(t,
		part{"[Content_Types].xml", contentTypes},
		part{"_rels/.rels", rootRels},
		part{"word/document.xml", docXML(body)})
}

// Snippets for building bodies.
func para(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func tc(props, content string) string {
	if content == "" {
		content = `<w:p/>`
	}
	return `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>` + props + `</w:tcPr>` + content + `</w:tc>`
}

func grid(n int) string {
	return `<w:tblGrid>` + strings.Repeat(`<w:gridCol w:w="1000"/>`, n) + `</w:tblGrid>`
}

func tbl(gridCols int, rows ...string) string {
	g := ""
	if gridCols >= 0 {
		g = grid(gridCols)
	}
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>` + g + strings.Join(rows, "") + `</w:tbl>`
}

func tr(props string, cells ...string) string {
	if props != "" {
		props = `<w:trPr>` + props + `</w:trPr>`
	}
	return `<w:tr>` + props + strings.Join(cells, "") + `</w:tr>`
}

// dump renders doc's blocks compactly: P[style]"text" for a paragraph;
// T3 for a table of 3 columns (T3n if nested), then its rows after " / ",
// each row "H " if a header, then cells as col(+span)(^ restart, v continue)"text".
func dump(doc *model.Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		if b.Para != nil {
			s := "P"
			if b.Para.Style != "" {
				s += "[" + b.Para.Style + "]"
			}
			out = append(out, fmt.Sprintf("%s%q", s, b.Para.Text))
			continue
		}
		t := b.Table
		var sb strings.Builder
		fmt.Fprintf(&sb, "T%d", t.Cols)
		if t.Nested {
			sb.WriteString("n")
		}
		for _, r := range t.Rows {
			sb.WriteString(" / ")
			if r.Header {
				sb.WriteString("H ")
			}
			for i, c := range r.Cells {
				if i > 0 {
					sb.WriteString(" ")
				}
				fmt.Fprintf(&sb, "%d", c.Col)
				if c.Span != 1 {
					fmt.Fprintf(&sb, "+%d", c.Span)
				}
				switch c.VMerge {
				case model.VMergeRestart:
					sb.WriteString("^")
				case model.VMergeContinue:
					sb.WriteString("v")
				}
				fmt.Fprintf(&sb, "%q", c.Text)
			}
		}
		out = append(out, sb.String())
	}
	return out
}

// checkDoc checks the invariants of the document model on doc.
func checkDoc(t testing.TB, doc *model.Document) {
	t.Helper()
	if len(doc.DocID) != 64 || doc.Format != model.FormatDOCX {
		t.Fatalf("identity not set: %q %q", doc.DocID, doc.Format)
	}
	for i, b := range doc.Blocks {
		if (b.Para == nil) == (b.Table == nil) {
			t.Fatalf("block %d: must be a paragraph or a table", i)
		}
		if b.Para != nil {
			if b.Para.Text == "" {
				t.Fatalf("block %d: empty paragraph", i)
			}
			continue
		}
		if !b.Table.GridKnown {
			t.Fatalf("block %d: GridKnown is false", i)
		}
		for j, r := range b.Table.Rows {
			if len(r.Cells) == 0 {
				t.Fatalf("block %d row %d: no cells", i, j)
			}
			next := 0
			for _, c := range r.Cells {
				if c.Span < 1 || c.Col < next || c.Col+c.Span > b.Table.Cols {
					t.Fatalf("block %d row %d: cell at %d+%d after column %d in %d columns", i, j, c.Col, c.Span, next, b.Table.Cols)
				}
				next = c.Col + c.Span
			}
		}
	}
}

var readTests = []struct {
	name string
	body string
	want []string
}{
	{
		name: "runs",
		body: `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:pPrChange w:id="1" w:author="x"><w:pPr><w:pStyle w:val="Old"/></w:pPr></w:pPrChange></w:pPr>` +
			`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> 一、 </w:t><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t><w:cr/><w:t>c</w:t><w:br w:type="page"/><w:t>d</w:t><w:noBreakHyphen/><w:softHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>e</w:t></w:r></w:p>`,
		want: []string{`P[Heading1]" 一、 \ta\nb\nc` + `d-e"`},
	},
	{
		name: "Word bookkeeping",
		body: `<w:p w:rsidR="00A1" w14:paraId="1A2B" w14:textId="77" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:pPr><w:widowControl w:val="0"/><w:jc w:val="center"/><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:pPr>` +
			`<w:proofErr w:type="spellStart"/><w:r w:rsidRPr="00B2"><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:hint="eastAsia"/><w:sz w:val="44"/></w:rPr><w:lastRenderedPageBreak/><w:t>部门</w:t></w:r><w:proofErr w:type="spellEnd"/>` +
			`<w:commentRangeStart w:id="0"/><w:r><w:t>预算</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r>` +
			`<w:permStart w:id="5" w:edGrp="everyone"/><w:r><w:t>表</w:t></w:r><w:permEnd w:id="5"/></w:p>`,
		want: []string{`P"部门预算表"`},
	},
	{
		name: "bookmarks in a title",
		body: `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:bookmarkStart w:id="0" w:name="_Toc18650"/><w:r><w:t>部门预算</w:t></w:r><w:bookmarkEnd w:id="0"/><w:bookmarkStart w:id="1" w:name="_Toc2"/><w:r><w:t>收支总表</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>`,
		want: []string{`P"部门预算收支总表"`},
	},
	{
		name: "revisions",
		body: `<w:p><w:r><w:t>预算</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>决算</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>数</w:t></w:r></w:ins>` +
			`<w:moveFrom w:id="3" w:author="x"><w:r><w:t>gone</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="x"><w:r><w:t>表</w:t></w:r></w:moveTo></w:p>`,
		want: []string{`P"预算数表"`},
	},
	{
		name: "fields hyperlinks and content controls",
		body: `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
			`<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>/9</w:t></w:r></w:fldSimple>` +
			`<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t xml:space="preserve"> link</w:t></w:r></w:hyperlink>` +
			`<w:smartTag w:uri="u" w:element="date"><w:smartTagPr><w:attr w:name="Year" w:val="2024"/></w:smartTagPr><w:r><w:t xml:space="preserve"> 2024年</w:t></w:r></w:smartTag>` +
			`<w:sdt><w:sdtPr><w:alias w:val="dept"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> 环境局</w:t></w:r></w:sdtContent></w:sdt></w:p>` +
			`<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>block sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>`,
		want: []string{`P"3/9 link 2024年 环境局"`, `P"block sdt"`},
	},
	{
		name: "empty body paragraphs dropped",
		body: `<w:p/>` + para("a") + `<w:p><w:pPr><w:pStyle w:val="x"/></w:pPr></w:p>` + para(" ") + `<w:p><w:r><w:br w:type="page"/></w:r></w:p>`,
		want: []string{`P"a"`, `P" "`},
	},
	{
		name: "text box read once",
		body: `<w:p><w:r><w:t>before</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:positionH relativeFrom="column"><wp:posOffset>12700</wp:posOffset></wp:positionH><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>` + para("box") + tbl(1, tr("", tc("", para("in box")))) + `</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
			`<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>` + para("box") + tbl(1, tr("", tc("", para("in box")))) + `</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after</w:t></w:r></w:p>` + para("next"),
		want: []string{`P"beforeafter"`, `P"box"`, `T1 / 0"in box"`, `P"next"`},
	},
	{
		name: "VML text box without alternate content",
		body: `<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>` + para("vml") + `</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>`,
		want: []string{`P"vml"`},
	},
	{
		name: "gridSpan and vMerge",
		body: tbl(4,
			tr("", tc(`<w:gridSpan w:val="4"/>`, para("467衡水市生态环境局"))),
			tr("", tc(`<w:vMerge w:val="restart"/>`, para("项目")), tc(`<w:gridSpan w:val="2"/>`, para("收入")), tc(`<w:vMerge w:val="restart"/>`, para("合计"))),
			tr("", tc(`<w:vMerge/>`, ""), tc("", para("a")), tc("", para("b")), tc(`<w:vMerge w:val="continue"/>`, "")),
		),
		want: []string{`T4 / 0+4"467衡水市生态环境局" / 0^"项目" 1+2"收入" 3^"合计" / 0v"" 1"a" 2"b" 3v""`},
	},
	{
		name: "gridBefore and gridAfter",
		body: tbl(3,
			tr(`<w:gridBefore w:val="1"/>`, tc("", para("x")), tc("", para("y"))),
			tr(`<w:gridAfter w:val="2"/>`, tc("", para("z"))),
			tr(`<w:gridBefore w:val="2"/><w:gridAfter w:val="2"/>`, tc(`<w:gridSpan w:val="1"/>`, para("w"))),
		),
		want: []string{`T5 / 1"x" 2"y" / 0"z" / 2"w"`},
	},
	{
		name: "no tblGrid",
		body: tbl(-1, tr("", tc("", para("a")), tc(`<w:gridSpan w:val="3"/>`, para("b")))),
		want: []string{`T4 / 0"a" 1+3"b"`},
	},
	{
		name: "grid change not counted",
		body: `<w:tbl><w:tblGrid><w:gridCol w:w="1"/><w:gridCol w:w="1"/><w:tblGridChange w:id="0"><w:tblGrid><w:gridCol w:w="1"/><w:gridCol w:w="1"/><w:gridCol w:w="1"/></w:tblGrid></w:tblGridChange></w:tblGrid>` +
			tr("", tc(`<w:tcPrChange w:id="1"><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tcPrChange>`, para("a"))) + `</w:tbl>`,
		want: []string{`T2 / 0"a"`},
	},
	{
		name: "tblHeader",
		body: tbl(1,
			tr(`<w:tblHeader/>`, tc("", para("h1"))),
			tr(`<w:cantSplit/><w:tblHeader w:val="true"/>`, tc("", para("h2"))),
			tr(`<w:tblHeader w:val="0"/>`, tc("", para("r1"))),
			tr(`<w:tblHeader w:val="false"/>`, tc("", para("r2"))),
			tr("", tc("", para("r3"))),
		),
		want: []string{`T1 / H 0"h1" / H 0"h2" / 0"r1" / 0"r2" / 0"r3"`},
	},
	{
		name: "multi-paragraph cell",
		body: tbl(2, tr("",
			tc("", `<w:p/>`+para("a")+`<w:p/>`+para("b")+`<w:p/><w:p/>`),
			tc("", para("x")+para("")+`<w:p><w:r><w:t>y</w:t><w:br/><w:t>z</w:t></w:r></w:p>`),
		)),
		want: []string{`T2 / 0"a\n\nb" 1"x\n\ny\nz"`},
	},
	{
		name: "text box in a cell",
		body: tbl(1, tr("", tc("", `<w:p><w:r><w:t>host</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>`+para("box")+`</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>`+para("box")+`</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`+para("tail")))),
		want: []string{`T1 / 0"host\nbox\ntail"`},
	},
	{
		name: "hMerge",
		body: tbl(4, tr("",
			tc(`<w:hMerge w:val="restart"/>`, para("合并")),
			tc(`<w:hMerge/>`, ""),
			tc(`<w:hMerge w:val="continue"/>`, para("more")),
			tc("", para("d")),
		), tr("", tc(`<w:hMerge/>`, para("lone")), tc(`<w:gridSpan w:val="3"/>`, ""))),
		want: []string{`T4 / 0+3"合并\nmore" 3"d" / 0"lone" 1+3""`},
	},
	{
		name: "nested tables",
		body: tbl(2,
			tr("", tc("", para("outer")+tbl(1, tr("", tc("", para("n1")+tbl(1, tr("", tc("", para("n1a")))))))+para("after")), tc("", para("b"))),
			tr("", tc("", ""), tc("", tbl(1, tr("", tc("", para("n2")))))),
		) + para("between") + tbl(1, tr("", tc("", para("second")))),
		want: []string{
			`T2 / 0"outer\nafter" 1"b" / 0"" 1""`,
			`T1n / 0"n1"`,
			`T1n / 0"n1a"`,
			`T1n / 0"n2"`,
			`P"between"`,
			`T1 / 0"second"`,
		},
	},
	{
		name: "sdt around rows and cells",
		body: tbl(2,
			`<w:sdt><w:sdtPr><w:id w:val="1"/></w:sdtPr><w:sdtContent>`+tr("", tc("", para("a")), `<w:sdt><w:sdtPr/><w:sdtContent>`+tc("", para("b"))+`</w:sdtContent></w:sdt>`)+`</w:sdtContent></w:sdt>`,
			`<w:customXml w:element="row">`+tr("", `<w:bookmarkStart w:id="3" w:name="x"/>`+tc("", para("c"))+`<w:bookmarkEnd w:id="3"/>`, tc("", para("d")))+`</w:customXml>`,
		),
		want: []string{`T2 / 0"a" 1"b" / 0"c" 1"d"`},
	},
	{
		name: "deleted rows dropped",
		body: tbl(1, tr(`<w:del w:id="1" w:author="x"/>`, tc("", `<w:p><w:del w:id="2" w:author="x"><w:r><w:delText>old</w:delText></w:r></w:del></w:p>`), tc("", "")), tr("", tc("", para("a")))),
		want: []string{`T1 / 0"a"`},
	},
	{
		name: "hidden runs",
		body: `<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/><w:webHidden/></w:rPr><w:t>shown</w:t></w:r><w:r><w:rPr><w:specVanish/></w:rPr><w:t>x</w:t></w:r></w:p>`,
		want: []string{`P"shown"`},
	},
	{
		name: "rows without cells dropped",
		body: tbl(1, tr(`<w:trHeight w:val="300"/>`), tr("", tc("", para("a")))),
		want: []string{`T1 / 0"a"`},
	},
}

func TestRead(t *testing.T) {
	for _, tt := range readTests {
		t.Run(tt.name, func(t *testing.T) {
			data := makeDocx(t, tt.body)
			doc, err := Read("x.docx", data, model.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc)
			if doc.Path != "x.docx" {
				t.Errorf("Path = %q", doc.Path)
			}
			got := dump(doc)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestDocID(t *testing.T) {
	doc, err := Read("x.docx", makeDocx(t, para("a")), model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	doc2, err := Read("y.docx", makeDocx(t, para("b")), model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.DocID) != 64 || strings.ToLower(doc.DocID) != doc.DocID || doc.DocID == doc2.DocID {
		t.Errorf("DocIDs %q, %q", doc.DocID, doc2.DocID)
	}
}

func TestMainPart(t *testing.T) {
	body := docXML(para("main"))
	tests := []struct {
		name  string
		parts []part
	}{
		{"rels", []part{
			{"_rels/.rels", strings.Replace(rootRels, `Target="word/document.xml"`, `Target="/word/document2.xml"`, 1)},
			{"word/document.xml", docXML(para("decoy"))},
			{"word/document2.xml", body},
		}},
		{"content types", []part{
			{"[Content_Types].xml", strings.Replace(contentTypes, "/word/document.xml", "/word/main.xml", 1)},
			{"word/main.xml", body},
		}},
		{"default name, any case", []part{{"Word/Document.xml", body}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("x.docx", makeZip(t, tt.parts...), model.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(doc); len(got) != 1 || got[0] != `P"main"` {
				t.Errorf("got %q", got)
			}
		})
	}
}

func TestNamespaces(t *testing.T) {
	for name, xml := range map[string]string{
		"undeclared w prefix":       `<w:document><w:body><w:p><w:r><w:t>text</w:t></w:r></w:p></w:body></w:document>`,
		"strict, default namespace": `<document xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main"><body><p><r><t>text</t></r></p></body></document>`,
		"other prefix":              `<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>text</x:t></x:r></x:p></x:body></x:document>`,
	} {
		doc, err := Read("x.docx", makeZip(t, part{"word/document.xml", xml}), model.Limits{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := dump(doc); len(got) != 1 || got[0] != `P"text"` {
			t.Errorf("%s: got %q", name, got)
		}
	}
}

// nestTables returns n tables, each nested in the only cell of the one before.
func nestTables(n int) string {
	return strings.Repeat(`<w:tbl><w:tr><w:tc><w:p/>`, n) + strings.Repeat(`</w:tc></w:tr></w:tbl>`, n)
}

func TestErrors(t *testing.T) {
	deep := strings.Repeat(`<w:sdt><w:sdtContent>`, maxElementDepth) + strings.Repeat(`</w:sdtContent></w:sdt>`, maxElementDepth)
	tests := []struct {
		name  string
		data  []byte
		want  error
		table string
		row   int
	}{
		{"elements too deep", makeDocx(t, deep), model.ErrMalformed, "", 0},
		{"bad root", makeZip(t, part{"word/document.xml", `<html><body/></html>`}), model.ErrMalformed, "", 0},
		{"empty part", makeZip(t, part{"word/document.xml", ``}), model.ErrMalformed, "", 0},
		{"bad rels", makeZip(t, part{"_rels/.rels", `<Relationships><`}, part{"word/document.xml", docXML("")}), model.ErrMalformed, "", 0},
		{"mismatched tag in a cell", makeDocx(t, tbl(1, tr("", tc("", para("a"))), tr("", tc("", `<w:p></w:r></w:p>`)))), model.ErrMalformed, "table 1", 2},
		{"OLE file", append(bytes.Clone(oleMagic), make([]byte, 504)...), model.ErrUnsupported, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("bad.docx", tt.data, model.Limits{})
			var me *model.Error
			if !errors.As(err, &me) || !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want a *model.Error wrapping %v", err, tt.want)
			}
			if me.File != "bad.docx" || me.Table != tt.table || me.Row != tt.row {
				t.Errorf("got %q (table %q row %d), want table %q row %d", err, me.Table, me.Row, tt.table, tt.row)
			}
		})
	}
}

// oleFile builds an OLE compound file whose directory holds streams of the
// given names, after its root entry (what oleKind looks at; the FAT and
// the streams' data are left out).
func oleFile(names ...string) []byte {
	data := make([]byte, 512, 512+128*(len(names)+1))
	copy(data, oleMagic)
	entry := func(name string, typ byte) {
		e := make([]byte, 128)
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			binary.LittleEndian.PutUint16(e[2*i:], c)
		}
		binary.LittleEndian.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66] = typ
		data = append(data, e...)
	}
	entry("Root Entry", 5)
	for _, n := range names {
		entry(n, 2)
	}
	return data
}

// TestPackages: what is not a readable package fails with its own class and
// a message that says what it is.
func TestPackages(t *testing.T) {
	doc := docXML(para("真的"))
	tests := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"empty file", nil, model.ErrEmpty, "an empty file"},
		{"no text and no table", makeDocx(t, `<w:p/><w:p><w:r><w:t></w:t></w:r></w:p>`+tbl(2)+para(" \u3000")+`<w:p><w:r><w:tab/></w:r></w:p>`), model.ErrEmpty, "no text and no table"},
		{"two word/document.xml", makeZip(t, part{"word/document.xml", docXML(para("decoy"))}, part{"word/document.xml", doc}),
			model.ErrMalformed, `two zip entries for one part, "word/document.xml" and "word/document.xml"`},
		{"same part in another case", makeZip(t, part{"word/document.xml", doc}, part{"Word/Document.XML", docXML(para("decoy"))}),
			model.ErrMalformed, `two zip entries for one part`},
		{"duplicate rels", makeZip(t, part{"_rels/.rels", rootRels}, part{"/_rels/.rels", rootRels}, part{"word/document.xml", doc}),
			model.ErrMalformed, `two zip entries for one part`},
		{"encrypted OOXML", oleFile("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"), model.ErrEncrypted, "encrypted: needs a password"},
		{"legacy .doc", oleFile("WordDocument", "1Table", "\x05SummaryInformation"), model.ErrUnsupported, "Word 97-2003"},
		{"other OLE file", oleFile("Workbook"), model.ErrUnsupported, "OLE compound file"},
		{"HTML saved as .docx", []byte("<!DOCTYPE html><html><body>404</body></html>"), model.ErrMalformed, "not a zip archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("bad.docx", tt.data, model.Limits{})
			var me *model.Error
			if !errors.As(err, &me) || !errors.Is(err, tt.want) || me.File != "bad.docx" {
				t.Fatalf("got %v, want a *model.Error wrapping %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q, want it to say %q", err, tt.msg)
			}
		})
	}
}

// TestLimits: each limit fails the document where it is crossed, with a
// positioned *model.Error wrapping model.ErrLimit; the same document at the
// limit is read.
func TestLimits(t *testing.T) {
	cells := func(n int, text string) string { return strings.Repeat(tc("", para(text)), n) }
	row := func(n int) string { return tr("", cells(n, "1")) }
	rows := func(r, c int) string { return strings.Repeat(row(c), r) }
	span := func(n string) string { return tc(`<w:gridSpan w:val="`+n+`"/>`, para("宽")) }
	spans := func(k, n int) string { return strings.Repeat(span(fmt.Sprint(n)), k) }
	text := func(n int) string { return strings.Repeat("x", n) }
	tabs := func(n int) string { return `<w:p><w:r><w:t>x</w:t>` + strings.Repeat(`<w:tab/>`, n-1) + `</w:r></w:p>` }
	tests := []struct {
		name     string
		lim      model.Limits
		over, ok string // a body that crosses lim, and one at it
		table    string
		row, col int
		msg      string
	}{
		{"gridSpan of 2,000,000", model.Limits{}, tbl(2, row(2), row(2), tr("", cells(1, "a")+span("2000000"))), tbl(2, tr("", cells(1, "a")+span("999"))),
			"table 1", 3, 2, "over a limit: a cell spanning 2000000 grid columns, more than the limit of 1000"},
		{"gridSpan beyond int", model.Limits{}, tbl(1, tr("", span("99999999999999999999999"))), tbl(1, tr("", span("1000"))),
			"table 1", 1, 1, "a cell spanning 1073741824 grid columns"},
		{"a row's spans", model.Limits{Cols: 10}, tbl(2, tr("", spans(6, 2))), tbl(2, tr("", spans(5, 2))),
			"table 1", 1, 11, "a row spanning 12 grid columns, more than the limit of 10"},
		{"gridCol", model.Limits{Cols: 10}, tbl(11, row(1)), tbl(10, row(1)), "table 1", 0, 0, "11 grid columns (w:gridCol), more than the limit of 10"},
		{"gridBefore", model.Limits{Cols: 10}, tbl(1, tr(`<w:gridBefore w:val="11"/>`, cells(1, "a"))), tbl(1, tr(`<w:gridBefore w:val="9"/>`, cells(1, "a"))),
			"table 1", 1, 0, "a row starting after 11 grid columns (w:gridBefore)"},
		{"gridAfter", model.Limits{Cols: 10}, tbl(1, tr(`<w:gridAfter w:val="11"/>`, cells(1, "a"))), tbl(1, tr(`<w:gridAfter w:val="9"/>`, cells(1, "a"))),
			"table 1", 1, 0, "a row ending with 11 empty grid columns (w:gridAfter)"},
		{"gridAfter after the spans", model.Limits{Cols: 10}, tbl(1, tr(`<w:gridAfter w:val="6"/>`, spans(1, 5))), tbl(1, tr(`<w:gridAfter w:val="5"/>`, spans(1, 5))),
			"table 1", 1, 0, "a row spanning 11 grid columns (w:gridAfter 6 included)"},
		{"rows", model.Limits{Rows: 3}, tbl(1, rows(4, 1)), tbl(1, rows(3, 1)), "table 1", 4, 0, "4 rows, more than the limit of 3"},
		{"grid positions", model.Limits{Cells: 100}, tbl(6, rows(10, 6)) + tbl(6, rows(10, 6)), tbl(5, rows(10, 5)) + tbl(5, rows(10, 5)),
			"table 2", 7, 0, "102 grid positions (rows × grid columns, summed over the tables), more than the limit of 100"},
		{"grid positions of a span", model.Limits{Cells: 100}, tbl(1, tr("", spans(1, 101))), tbl(1, tr("", spans(1, 100))),
			"table 1", 1, 0, "101 grid positions"},
		{"tables", model.Limits{Tables: 3}, strings.Repeat(tbl(1, row(1)), 4), strings.Repeat(tbl(1, row(1)), 3), "table 4", 0, 0, "4 tables, more than the limit of 3"},
		{"nesting", model.Limits{Nesting: 3}, nestTables(4), nestTables(3), "table 4", 0, 0, "a table nested 4 deep, more than the limit of 3"},
		{"nesting, default", model.Limits{}, nestTables(9), nestTables(8), "table 9", 0, 0, "a table nested 9 deep, more than the limit of 8"},
		{"cell text", model.Limits{CellText: 100}, tbl(1, tr("", cells(1, text(101)))), tbl(1, tr("", cells(1, text(100)))),
			"table 1", 1, 1, "101 bytes of text in a cell, more than the limit of 100"},
		{"cell text of two paragraphs", model.Limits{CellText: 100}, tbl(1, tr("", tc("", para(text(50))+para(text(50))))), tbl(1, tr("", tc("", para(text(50))+para(text(49))))),
			"table 1", 1, 1, "101 bytes of text in a cell"},
		{"cell text of an hMerge", model.Limits{CellText: 100}, tbl(2, tr("", cells(1, text(50))+tc(`<w:hMerge/>`, para(text(50))))), tbl(2, tr("", cells(1, text(50))+tc(`<w:hMerge/>`, para(text(49))))),
			"table 1", 1, 2, "101 bytes of text in a cell"},
		{"cell text between empty paragraphs", model.Limits{CellText: 5}, tbl(1, tr("", tc("", `<w:p/>`+para("a")+`<w:p/><w:p/><w:p/>`+para("bc")+`<w:p/>`))),
			tbl(1, tr("", tc("", strings.Repeat(`<w:p/>`, 100)+para("a")+`<w:p/><w:p/>`+para("b")+strings.Repeat(`<w:p/>`, 100)))),
			"table 1", 1, 1, "7 bytes of text in a cell, more than the limit of 5"},
		{"paragraph text", model.Limits{ParaText: 100}, para(text(101)), para(text(100)), "", 0, 0, `101 bytes of text in the paragraph starting "xxxxxxxxxxxxxxxxxxxx…", more than the limit of 100`},
		{"paragraph of tabs", model.Limits{ParaText: 100}, tabs(101), tabs(100), "", 0, 0, "101 bytes of text in the paragraph"},
		{"paragraph in a cell", model.Limits{ParaText: 100}, tbl(1, tr("", cells(1, text(101)))), tbl(1, tr("", cells(1, text(100)))),
			"table 1", 1, 1, "101 bytes of text in the paragraph"},
		{"part size", model.Limits{PartBytes: 4096}, strings.Repeat(para(text(99)), 40), para(text(99)), "", 0, 0,
			"over a limit: word/document.xml: 6697 bytes decompressed, more than the limit of 4096"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("big.docx", makeDocx(t, tt.over), tt.lim)
			var me *model.Error
			if !errors.As(err, &me) || !errors.Is(err, model.ErrLimit) || me.File != "big.docx" {
				t.Fatalf("got %v, want a *model.Error wrapping model.ErrLimit", err)
			}
			if me.Table != tt.table || me.Row != tt.row || me.Column != tt.col || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q (table %q row %d column %d),\nwant %q at table %q row %d column %d", err, me.Table, me.Row, me.Column, tt.msg, tt.table, tt.row, tt.col)
			}
			doc, err := Read("ok.docx", makeDocx(t, tt.ok), tt.lim)
			if err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			checkDoc(t, doc)
		})
	}
	t.Run("input size", func(t *testing.T) {
		data := makeDocx(t, para("a"))
		_, err := Read("big.docx", data, model.Limits{InputBytes: int64(len(data) - 1)})
		if !errors.Is(err, model.ErrLimit) || !strings.Contains(err.Error(), "more than the limit of") {
			t.Errorf("got %v", err)
		}
		if _, err := Read("ok.docx", data, model.Limits{InputBytes: int64(len(data))}); err != nil {
			t.Error(err)
		}
	})
}

func TestPartSizeLimit(t *testing.T) {
	// archive/zip itself rejects an entry longer than its header claims; the
	// limit on the stream is there should it not.
	for _, tt := range []struct {
		n    int64
		want bool
	}{{4, true}, {5, false}, {6, false}} {
		got, err := io.ReadAll(&limitReader{r: strings.NewReader("12345"), n: tt.n, limit: tt.n})
		var big *tooLarge
		if errors.As(err, &big) != tt.want || (err == nil && string(got) != "12345") {
			t.Errorf("limit %d: got %q, %v; want an error: %v", tt.n, got, err, tt.want)
		}
	}
	// A stream that says it is too large is a limit crossed.
	p := newParser("x.docx", "word/document.xml", &limitReader{r: strings.NewReader(docXML(para("0123456789"))), n: 100, limit: 100}, model.DefaultLimits())
	err := p.document(&model.Document{})
	if !errors.Is(err, model.ErrLimit) || !strings.Contains(err.Error(), "word/document.xml decompresses to more than the limit of 100 bytes") {
		t.Errorf("got %v", err)
	}
}

// malformedFiles are the generated files of testdata/malformed, with how the
// reader must fail on each.
func malformedFiles(t testing.TB) []struct {
	name  string
	data  []byte
	table string
	row   int
} {
	good := makeDocx(t, para("标题")+tbl(2, tr(`<w:tblHeader/>`, tc("", para("项目")), tc("", para("金额"))), tr("", tc("", para("一、")), tc("", para("21541.25")))))
	doc := docXML(para("标题") + tbl(2, tr("", tc("", para("项目")), tc("", para("金额"))), tr("", tc("", para("一、")), tc("", para("21541.25")))))
	cut := strings.Index(doc, "21541")
	return []struct {
		name  string
		data  []byte
		table string
		row   int
	}{
		{"readme.notzip", []byte("This is a README, not a zip archive.\n"), "", 0},
		{"no-document.docx", makeZip(t, part{"[Content_Types].xml", contentTypes}, part{"_rels/.rels", rootRels}, part{"docProps/app.xml", `<Properties/>`}), "", 0},
		{"truncated-xml.docx", makeZip(t, part{"word/document.xml", doc[:cut]}), "table 1", 2},
		{"truncated-zip.docx", good[:len(good)/2], "", 0},
		{"syntax-error.docx", makeZip(t, part{"word/document.xml", strings.Replace(doc, "<w:tblGrid>", "<w:tblGrid x=>", 1)}), "table 1", 0},
	}
}

func TestMalformedTestdata(t *testing.T) {
	dir := filepath.Join("testdata", "malformed")
	want := map[string][2]any{}
	for _, f := range malformedFiles(t) {
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want[f.name] = [2]any{f.table, f.row}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no files in testdata/malformed")
	}
	for _, e := range entries {
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			_, err := ReadFile(path)
			var me *model.Error
			if !errors.As(err, &me) || !errors.Is(err, model.ErrMalformed) || me.File != path {
				t.Fatalf("got %v, want a *model.Error for %s wrapping model.ErrMalformed", err, path)
			}
			if w, ok := want[name]; ok && (me.Table != w[0] || me.Row != w[1]) {
				t.Errorf("got %q, want table %q row %d", err, w[0], w[1])
			}
		})
	}
}

// TestFixtures reads the Word-produced fixtures, if any.
func TestFixtures(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "fixtures", "docx", "*.docx"))
	if len(paths) == 0 {
		t.Fatal("no fixtures/docx/*.docx")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			doc, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc)
			tables := 0
			for _, b := range doc.Blocks {
				if b.Table != nil {
					tables++
				}
			}
			if tables == 0 {
				t.Errorf("no tables in %d blocks", len(doc.Blocks))
			}
		})
	}
}

// fuzzLimits are small limits, so that the fuzzer reaches each of them.
var fuzzLimits = model.Limits{InputBytes: 1 << 20, PartBytes: 1 << 20, Tables: 12, Rows: 40, Cols: 24,
	Cells: 2000, CellText: 512, ParaText: 2048, Nesting: 3}

// fuzzCheck is the property every input must have: Read returns a document
// that keeps the model's invariants and the limits it was read under, or a
// positioned error of a known class that is not an internal one.
func fuzzCheck(t *testing.T, data []byte) {
	doc, err := Read("f.docx", data, fuzzLimits)
	if err != nil {
		var me *model.Error
		if errors.Is(err, errInternal) || !errors.As(err, &me) || me.File != "f.docx" {
			t.Fatalf("bad error: %v", err)
		}
		switch model.ErrorClass(err) {
		case "malformed", "limit", "empty", "encrypted", "unsupported":
		default:
			t.Fatalf("error of class %s: %v", model.ErrorClass(err), err)
		}
		return
	}
	checkDoc(t, doc)
	checkLimits(t, doc, fuzzLimits)
}

// checkLimits checks that doc keeps within lim.
func checkLimits(t testing.TB, doc *model.Document, lim model.Limits) {
	t.Helper()
	tables, cells := 0, 0
	for i, b := range doc.Blocks {
		if b.Para != nil {
			if len(b.Para.Text) > lim.ParaText {
				t.Fatalf("block %d: a paragraph of %d bytes", i, len(b.Para.Text))
			}
			continue
		}
		tables++
		tb := b.Table
		if len(tb.Rows) > lim.Rows || tb.Cols > lim.Cols {
			t.Fatalf("block %d: a table of %d rows, %d columns", i, len(tb.Rows), tb.Cols)
		}
		cells += len(tb.Rows) * tb.Cols
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				if len(c.Text) > lim.CellText {
					t.Fatalf("block %d: a cell of %d bytes", i, len(c.Text))
				}
			}
		}
	}
	if tables > lim.Tables || cells > lim.Cells {
		t.Fatalf("%d tables, %d grid positions", tables, cells)
	}
}

// bodyOf writes doc's blocks back as the body of a main document part,
// each table cut to its first rows: a small DOCX that keeps the shape of a
// real one (spans, vertical merges, header rows).
func bodyOf(doc *model.Document, tables, rows int) string {
	var b strings.Builder
	for _, bl := range doc.Blocks {
		if bl.Para != nil {
			b.WriteString(para(xmlText(bl.Para.Text)))
			continue
		}
		if tables--; tables < 0 {
			break
		}
		var trs []string
		for i, r := range bl.Table.Rows {
			if i == rows {
				break
			}
			var tcs []string
			for _, c := range r.Cells {
				props := ""
				if c.Span > 1 {
					props += fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, c.Span)
				}
				switch c.VMerge {
				case model.VMergeRestart:
					props += `<w:vMerge w:val="restart"/>`
				case model.VMergeContinue:
					props += `<w:vMerge/>`
				}
				content := ""
				if c.Text != "" {
					content = para(xmlText(c.Text))
				}
				tcs = append(tcs, tc(props, content))
			}
			rp := ""
			if r.Header {
				rp = `<w:tblHeader/>`
			}
			if len(r.Cells) > 0 && r.Cells[0].Col > 0 {
				rp += fmt.Sprintf(`<w:gridBefore w:val="%d"/>`, r.Cells[0].Col)
			}
			trs = append(trs, tr(rp, tcs...))
		}
		b.WriteString(tbl(bl.Table.Cols, trs...))
	}
	return b.String()
}

// xmlText escapes s for character data.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// storedDocx builds a .docx of body with its parts stored, not deflated,
// so that the fuzzer's mutations reach the XML.
func storedDocx(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []part{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rootRels}, {"word/document.xml", docXML(body)}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fuzzCorpus is the committed seed corpus of FuzzDOCX
// (testdata/fuzz/FuzzDOCX, rewritten by go test -run TestFuzzCorpus
// -update): a small DOCX made from the fixture, and the hostile shapes.
func fuzzCorpus(t testing.TB) map[string][]byte {
	doc, err := ReadFile(filepath.Join("..", "..", "..", "fixtures", "docx", "hebei-hengshui-sthjj-2024-budget.docx"))
	if err != nil {
		t.Fatal(err)
	}
	good := bodyOf(doc, 2, 6)
	return map[string][]byte{
		"fixture-two-tables": storedDocx(t, good),
		"fixture-deflated":   makeDocx(t, bodyOf(doc, 1, 4)),
		"wide-gridspan":      storedDocx(t, tbl(2, tr("", tc("", para("a")), tc(`<w:gridSpan w:val="2000000"/>`, para("b"))))),
		"nested-vmerge-hmerge": storedDocx(t, tbl(3, tr(`<w:gridBefore w:val="1"/>`, tc(`<w:vMerge w:val="restart"/>`, para("x")+nestTables(3)), tc(`<w:hMerge w:val="restart"/>`, para("y"))),
			tr(`<w:gridAfter w:val="1"/>`, tc(`<w:vMerge/>`, ""), tc(`<w:hMerge/>`, para("z"))))),
		"duplicate-document": makeZip(t, part{"word/document.xml", docXML(para("decoy"))}, part{"word/document.xml", docXML(good)}),
		"encrypted-ole":      oleFile("EncryptionInfo", "EncryptedPackage"),
	}
}

func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzDOCX")
	for name, data := range fuzzCorpus(t) {
		path := filepath.Join(dir, name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -run TestFuzzCorpus -update writes it)", err)
		}
		if len(got) > 50<<10 {
			t.Errorf("%s: %d bytes; keep the seeds small", path, len(got))
		}
	}
}

// FuzzDOCX: any bytes, read under small limits, give a document within
// those limits or a positioned error of a known class; never a panic.
// Seeded with the committed corpus (testdata/fuzz/FuzzDOCX), the reader's
// tests, the malformed files and the fixtures' tables.
func FuzzDOCX(f *testing.F) {
	for _, tt := range readTests {
		f.Add(makeDocx(f, tt.body))
	}
	for _, m := range malformedFiles(f) {
		f.Add(m.data)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "fixtures", "docx", "*.docx"))
	for _, path := range paths {
		doc, err := ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(storedDocx(f, bodyOf(doc, 3, 8)))
	}
	f.Fuzz(fuzzCheck)
}

// FuzzDocumentXML fuzzes the main document part inside a well-formed zip,
// where FuzzRead mostly exercises archive/zip.
func FuzzDocumentXML(f *testing.F) {
	for _, tt := range readTests {
		f.Add([]byte(docXML(tt.body)))
	}
	f.Add([]byte(docXML(nestTables(3))))
	f.Fuzz(func(t *testing.T, doc []byte) {
		fuzzCheck(t, makeZip(t, part{"word/document.xml", string(doc)}))
	})
}

func BenchmarkReadFixtures(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "fixtures", "docx", "*.docx"))
	if len(paths) == 0 {
		b.Skip("no fixtures/docx/*.docx")
	}
	var files [][]byte
	size := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for i, data := range files {
			if _, err := Read(paths[i], data, model.Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
