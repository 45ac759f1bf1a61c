package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
			doc, err := Read("x.docx", data)
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
	doc, err := Read("x.docx", makeDocx(t, para("a")))
	if err != nil {
		t.Fatal(err)
	}
	doc2, err := Read("y.docx", makeDocx(t, para("b")))
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
			doc, err := Read("x.docx", makeZip(t, tt.parts...))
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
		doc, err := Read("x.docx", makeZip(t, part{"word/document.xml", xml}))
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
		{"tables too deep", makeDocx(t, nestTables(MaxTableDepth+1)), model.ErrMalformed, fmt.Sprintf("table %d", MaxTableDepth), 1},
		{"elements too deep", makeDocx(t, deep), model.ErrMalformed, "", 0},
		{"bad root", makeZip(t, part{"word/document.xml", `<html><body/></html>`}), model.ErrMalformed, "", 0},
		{"empty part", makeZip(t, part{"word/document.xml", ``}), model.ErrMalformed, "", 0},
		{"bad rels", makeZip(t, part{"_rels/.rels", `<Relationships><`}, part{"word/document.xml", docXML("")}), model.ErrMalformed, "", 0},
		{"mismatched tag in a cell", makeDocx(t, tbl(1, tr("", tc("", para("a"))), tr("", tc("", `<w:p></w:r></w:p>`)))), model.ErrMalformed, "table 1", 2},
		{"OLE file", append(bytes.Clone(oleMagic), make([]byte, 504)...), model.ErrUnsupported, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("bad.docx", tt.data)
			var me *model.Error
			if !errors.As(err, &me) || !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want a *model.Error wrapping %v", err, tt.want)
			}
			if me.File != "bad.docx" || me.Table != tt.table || me.Row != tt.row {
				t.Errorf("got %q (table %q row %d), want table %q row %d", err, me.Table, me.Row, tt.table, tt.row)
			}
		})
	}
	if _, err := Read("ok.docx", makeDocx(t, nestTables(MaxTableDepth))); err != nil {
		t.Errorf("%d nested tables: %v", MaxTableDepth, err)
	}
}

func TestPartSizeLimit(t *testing.T) {
	defer func(n int64) { maxPartSize = n }(maxPartSize)
	maxPartSize = 4096
	_, err := Read("big.docx", makeDocx(t, strings.Repeat(para("0123456789"), 100)))
	if !errors.Is(err, model.ErrMalformed) || !strings.Contains(err.Error(), errTooLarge.Error()) {
		t.Errorf("got %v, want a malformed error for size", err)
	}
	// archive/zip itself rejects an entry longer than its header claims; the
	// limit on the stream is there should it not.
	for _, tt := range []struct {
		n    int64
		want error
	}{{4, errTooLarge}, {5, nil}, {6, nil}} {
		got, err := io.ReadAll(&limitReader{r: strings.NewReader("12345"), n: tt.n})
		if err != tt.want || (err == nil && string(got) != "12345") {
			t.Errorf("limit %d: got %q, %v; want %v", tt.n, got, err, tt.want)
		}
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
	paths, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "docx", "*.docx"))
	if len(paths) == 0 {
		t.Skip("no fixtures/docx/*.docx")
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

// fuzzCheck is the property every input must have: Read returns a document
// that keeps the model's invariants, or a positioned error that is not an
// internal one.
func fuzzCheck(t *testing.T, data []byte) {
	doc, err := Read("f.docx", data)
	if err != nil {
		var me *model.Error
		if errors.Is(err, errInternal) || !errors.As(err, &me) || me.File != "f.docx" {
			t.Fatalf("bad error: %v", err)
		}
		return
	}
	checkDoc(t, doc)
}

func FuzzRead(f *testing.F) {
	for _, tt := range readTests {
		f.Add(makeDocx(f, tt.body))
	}
	for _, m := range malformedFiles(f) {
		f.Add(m.data)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
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
	paths, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "docx", "*.docx"))
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
			if _, err := Read(paths[i], data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
