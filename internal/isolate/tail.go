package isolate

import (
	"io"
	"strings"
	"sync"
)

// tailBuffer keeps the first and the last max bytes written to it since
// the last reset: the head holds the runtime's "fatal error:" line, the
// tail the last words.
type tailBuffer struct {
	mu   sync.Mutex
	max  int
	head []byte
	tail []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if room := t.max - len(t.head); room > 0 {
		k := min(room, len(p))
		t.head = append(t.head, p[:k]...)
		p = p[k:]
	}
	t.tail = append(t.tail, p...)
	if len(t.tail) > t.max {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-t.max:]...)
	}
	return n, nil
}

func (t *tailBuffer) reset() {
	t.mu.Lock()
	t.head, t.tail = t.head[:0], t.tail[:0]
	t.mu.Unlock()
}

var _ io.Writer = (*tailBuffer)(nil)

// summary picks the telling lines: the runtime's and a panic's own lines,
// else the last line that is not a traceback frame. Never a trace.
func (t *tailBuffer) summary() string {
	t.mu.Lock()
	all := string(t.head) + string(t.tail)
	t.mu.Unlock()
	var picked []string
	seen := map[string]bool{}
	add := func(l string) {
		l = strings.TrimSpace(l)
		if len(l) > 300 {
			l = l[:300] + "…"
		}
		if l != "" && !seen[l] && len(picked) < 3 {
			seen[l] = true
			picked = append(picked, l)
		}
	}
	lines := strings.Split(all, "\n")
	for _, l := range lines {
		if strings.Contains(l, "=0x") {
			continue // register and stack dumps
		}
		for _, p := range []string{"runtime:", "runtime/cgo:", "fatal error:", "panic:", "budgetx worker:"} {
			if strings.HasPrefix(l, p) {
				add(l)
			}
		}
	}
	if len(picked) == 0 {
		for i := len(lines) - 1; i >= 0; i-- {
			s := strings.TrimSpace(lines[i])
			if s != "" && !strings.Contains(s, ".go:") && !strings.HasPrefix(s, "goroutine ") && !strings.HasSuffix(s, ")") {
				add(s)
				break
			}
		}
	}
	return strings.Join(picked, " | ")
}
