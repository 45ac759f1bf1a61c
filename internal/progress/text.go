package progress

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Sanitize makes s safe to print as one line on a terminal: control
// characters (an escape sequence or a line end in a file name), bidi
// overrides, line and paragraph separators and invalid UTF-8 are written
// as Go escapes (\x1b, \n, \u202e, \xff). Text without them is returned
// as it is.
//
// It is the one copy of cmd/budgetx's term, which should call it.
func Sanitize(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == unicode.ReplacementChar && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case unsafeRune(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r == unicode.ReplacementChar ||
		r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// RuneWidth is the number of terminal columns r takes: 2 for East Asian
// wide and fullwidth characters (CJK), 0 for combining marks and format
// characters, 1 otherwise (ambiguous ones too, as most terminals do).
func RuneWidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// Width is the number of terminal columns s takes (after Sanitize).
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += RuneWidth(r)
	}
	return n
}

// fit cuts s to at most cols columns, ending it with "…" when cut.
func fit(s string, cols int) string {
	if Width(s) <= cols {
		return s
	}
	if cols <= 0 {
		return ""
	}
	return prefix(s, cols-1) + "…"
}

// prefix is the longest start of s that takes at most cols columns.
func prefix(s string, cols int) string {
	w := 0
	for i, r := range s {
		rw := RuneWidth(r)
		if w+rw > cols {
			return s[:i]
		}
		w += rw
	}
	return s
}

// fitMiddle cuts a file name to at most cols columns, keeping its
// extension: 深圳市财政局部门预算.pdf → 深圳市….pdf.
func fitMiddle(name string, cols int) string {
	if Width(name) <= cols {
		return name
	}
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		ext = name[i:]
	}
	room := cols - Width(ext) - 1
	if ext == "" || room < Width(ext) {
		return fit(name, cols)
	}
	head := prefix(name[:len(name)-len(ext)], room)
	if head == "" {
		return fit(name, cols)
	}
	return head + "…" + ext
}
