package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// maxPicture is the largest picture embedded, in bytes of SVG.
const maxPicture = 8 << 20

// errNoSVG is returned for a picture whose root is not an svg element.
var errNoSVG = errors.New("not an SVG picture")

// dropElements are elements whose whole subtree is left out of an
// embedded picture: anything that runs code, loads something or embeds
// another document; and style elements, whose rules would apply to the
// whole page (a picture styles itself with attributes).
var dropElements = map[string]bool{
	"script": true, "style": true, "foreignobject": true, "iframe": true, "object": true, "embed": true,
	"image": true, "audio": true, "video": true, "animate": true, "set": true,
	"animatemotion": true, "animatetransform": true, "handler": true, "listener": true,
}

// sanitizeSVG re-writes an SVG picture for inline embedding in HTML:
// element and attribute names and text are kept, escaped again; scripts,
// event handlers, foreign content, animations and references to anything
// outside the picture (href other than "#…", url(…) other than "#…") are
// dropped; comments, processing instructions and the DOCTYPE go. So a
// picture that carries a document's hostile text stays text.
func sanitizeSVG(svg []byte) (template.HTML, error) {
	if len(svg) > maxPicture {
		return "", fmt.Errorf("picture of %d bytes, more than %d", len(svg), maxPicture)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	var out strings.Builder
	var open []xml.Name // the elements not yet closed: RawToken does not match them
	depth, skip, root := 0, 0, false
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := qname(t.Name)
			if depth == 0 {
				if root || strings.ToLower(t.Name.Local) != "svg" {
					return "", errNoSVG
				}
				root = true
			}
			depth++
			open = append(open, t.Name)
			if skip > 0 || dropElements[strings.ToLower(t.Name.Local)] {
				skip++
				continue
			}
			out.WriteString("<" + name)
			for _, a := range t.Attr {
				an := qname(a.Name)
				if !safeAttr(a.Name, a.Value) {
					continue
				}
				out.WriteString(" " + an + `="` + esc(a.Value) + `"`)
			}
			out.WriteString(">")
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return "", fmt.Errorf("element </%s> closes nothing open", qname(t.Name))
			}
			open = open[:len(open)-1]
			depth--
			if skip > 0 {
				skip--
				continue
			}
			out.WriteString("</" + qname(t.Name) + ">")
		case xml.CharData:
			if skip == 0 && depth > 0 {
				out.WriteString(esc(string(t)))
			}
		}
	}
	if !root || depth != 0 {
		return "", errNoSVG
	}
	return template.HTML(out.String()), nil
}

// qname is a raw name as written (prefix:local), limited to the
// characters of XML names.
func qname(n xml.Name) string {
	s := n.Local
	if n.Space != "" {
		s = n.Space + ":" + s
	}
	return strings.Map(func(r rune) rune {
		if r == '<' || r == '>' || r == '"' || r == '\'' || r == '&' || r == '=' || r == '/' || r <= ' ' {
			return -1
		}
		return r
	}, s)
}

// safeAttr reports whether an attribute may stay on an embedded picture.
func safeAttr(n xml.Name, v string) bool {
	local := strings.ToLower(n.Local)
	lv := strings.ToLower(strings.Join(strings.Fields(v), ""))
	switch {
	case strings.HasPrefix(local, "on"):
		return false
	case local == "href" || local == "src" || local == "action" || local == "formaction":
		return strings.HasPrefix(v, "#")
	case local == "style" || local == "fill" || local == "stroke" || local == "filter" ||
		local == "clip-path" || local == "mask" || strings.HasPrefix(local, "marker"):
		for _, u := range strings.Split(lv, "url(")[1:] {
			u = strings.TrimLeft(u, `"'`)
			if !strings.HasPrefix(u, "#") {
				return false
			}
		}
		return !strings.Contains(lv, "expression(") && !strings.Contains(lv, "javascript:") && !strings.Contains(lv, "@import")
	}
	return !strings.Contains(lv, "javascript:")
}
