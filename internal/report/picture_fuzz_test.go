package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// FuzzSanitizeSVG: whatever the picture, sanitizeSVG does not panic, and
// what it lets through is well-formed, has no element that runs code or
// styles the page, no event handler and no reference outside the picture,
// and comes out the same when sanitized again.
func FuzzSanitizeSVG(f *testing.F) {
	for _, s := range []string{
		`<svg viewBox="0 0 1 1"><rect x="0" y="0"/></svg>`,
		`<svg onload="x()"><script>alert(1)</script><text>a&lt;b</text></svg>`,
		`<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="#x"><text>t</text></a><image href="http://x"/></svg>`,
		`<svg><rect fill="url(#g)" style="fill:url( 'http://x' )"/><foreignObject><div/></foreignObject></svg>`,
		`<svg><SCRIPT>x</SCRIPT><Style>*{}</Style><g OnClick="y"/></svg>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := sanitizeSVG(in)
		if err != nil {
			return
		}
		dec := xml.NewDecoder(strings.NewReader(string(out)))
		dec.Strict = true
		for {
			tok, err := dec.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("output is not well-formed: %v\n%s", err, out)
			}
			if se, ok := tok.(xml.StartElement); ok {
				if dropElements[strings.ToLower(se.Name.Local)] {
					t.Fatalf("output has <%s>: %s", se.Name.Local, out)
				}
				for _, a := range se.Attr {
					n := strings.ToLower(a.Name.Local)
					if strings.HasPrefix(n, "on") || (n == "href" || n == "src") && !strings.HasPrefix(a.Value, "#") {
						t.Fatalf("output has %s=%q: %s", a.Name.Local, a.Value, out)
					}
				}
			}
		}
		again, err := sanitizeSVG([]byte(out))
		if err != nil || !bytes.Equal([]byte(again), []byte(out)) {
			t.Fatalf("sanitized twice differs (%v):\n%s\n%s", err, out, again)
		}
	})
}
