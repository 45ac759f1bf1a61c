package progress

import "testing"

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"深圳市.pdf":            "深圳市.pdf",
		"a\x1b[2Jb\n":        `a\x1b[2Jb\n`,
		"tab\there\r":        `tab\there\r`,
		"bad\xffutf8":        `bad\xffutf8`,
		"real \uFFFD stays":  "real \uFFFD stays",
		"bidi \u202egnp.exe": `bidi \u202egnp.exe`,
		"line\u2028sep":      `line\u2028sep`,
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{
		"abc": 3, "深圳市": 6, "ＡＢ": 4, "e\u0301": 1, "年a…": 4, "": 0,
	} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		s    string
		cols int
		want string
	}{
		{"abcdef", 6, "abcdef"},
		{"abcdef", 5, "abcd…"},
		{"深圳市abc", 4, "深…"}, // 圳 would take columns 3 and 4, leaving none for …
		{"深圳市abc", 5, "深圳…"},
		{"abc", 0, ""},
	} {
		got := fit(tc.s, tc.cols)
		if got != tc.want || Width(got) > tc.cols {
			t.Errorf("fit(%q, %d) = %q, want %q", tc.s, tc.cols, got, tc.want)
		}
	}
	for _, tc := range []struct {
		s    string
		cols int
		want string
	}{
		{"深圳市财政局部门预算.pdf", 30, "深圳市财政局部门预算.pdf"},
		{"深圳市财政局部门预算.pdf", 12, "深圳市….pdf"},
		{"深圳市财政局部门预算.pdf", 11, "深圳市….pdf"},
		{"深圳市财政局部门预算.pdf", 10, "深圳….pdf"},
		{"深圳市财政局部门预算", 9, "深圳市财…"},
		{"a.verylongextension", 8, "a.veryl…"},
	} {
		got := fitMiddle(tc.s, tc.cols)
		if got != tc.want || Width(got) > tc.cols {
			t.Errorf("fitMiddle(%q, %d) = %q, want %q", tc.s, tc.cols, got, tc.want)
		}
	}
}
