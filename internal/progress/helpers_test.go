package progress

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// buffer is a writer safe to read while the Reporter's timer writes.
type buffer struct {
	mu     sync.Mutex
	b      strings.Builder
	writes int
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.writes++
	return b.b.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *buffer) Writes() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.writes
}

// screen plays terminal output out as a terminal shows it: the lines that
// stay, and the line the cursor is on (the live line). Any escape other
// than "\x1b[K" fails the test: none must come through from file names.
func screen(t *testing.T, out string) (lines []string, live string) {
	t.Helper()
	var cur []rune
	col := 0
	for i := 0; i < len(out); {
		switch {
		case strings.HasPrefix(out[i:], "\x1b[K"):
			cur = cur[:min(col, len(cur))]
			i += 3
		case out[i] == 0x1b:
			t.Fatalf("an escape other than \\x1b[K at %d: %q", i, out[i:])
		case out[i] == '\r':
			col = 0
			i++
		case out[i] == '\n':
			lines = append(lines, string(cur))
			cur, col = nil, 0
			i++
		default:
			r, n := utf8.DecodeRuneInString(out[i:])
			if col < len(cur) {
				cur[col] = r
			} else {
				cur = append(cur, r)
			}
			col++
			i += n
		}
	}
	return lines, string(cur)
}

var frameRE = regexp.MustCompile("\r([^\r\n\x1b]+)\x1b\\[K")

// frames are the live lines drawn, in order.
func frames(out string) []string {
	var f []string
	for _, m := range frameRE.FindAllStringSubmatch(out, -1) {
		f = append(f, m[1])
	}
	return f
}

func last(t *testing.T, f []string) string {
	t.Helper()
	if len(f) == 0 {
		t.Fatal("no live line drawn")
	}
	return f[len(f)-1]
}
