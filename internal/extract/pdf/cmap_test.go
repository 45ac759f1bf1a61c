package pdf

import (
	"testing"
)

const toUnicodeSample = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0001> <90E8>
<0002> <D83DDE00>
endbfchar
2 beginbfrange
<000B> <000D> [<680F> <6B21> <5408>]
<0020> <0022> <0041>
endbfrange
1 begincidrange
<8140> <817F> 100
endcidrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`

func TestCMapParse(t *testing.T) {
	m := &cmap{uni: map[codeKey]string{}, cid: map[codeKey]int{}}
	m.parse([]byte(toUnicodeSample))
	for code, want := range map[codeKey]string{
		{2, 0x0001}: "部",
		{2, 0x0002}: "😀", // a surrogate pair
		{2, 0x000C}: "次", // array form of bfrange
		{2, 0x0021}: "B", // incremented form
	} {
		if got, ok := m.text(code); !ok || got != want {
			t.Errorf("text(%04x) = %q, %v; want %q", code.c, got, ok, want)
		}
	}
	if _, ok := m.text(codeKey{2, 0x0023}); ok {
		t.Errorf("code past the range has text")
	}
	if n := m.codeLen("\x00\x01\x00\x02"); n != 2 {
		t.Errorf("codeLen = %d, want 2", n)
	}
	if cid, ok := m.cidOf(codeKey{2, 0x8142}); !ok || cid != 102 {
		t.Errorf("cidOf(8142) = %d, %v; want 102", cid, ok)
	}
}

// FuzzCMap feeds arbitrary bytes to the CMap parser, which reads streams
// embedded in untrusted PDFs: it must not panic or loop.
func FuzzCMap(f *testing.F) {
	f.Add([]byte(toUnicodeSample))
	f.Add([]byte("1 beginbfrange <00> <FF> [<0041>] endbfrange (a\\(b) <4"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := &cmap{uni: map[codeKey]string{}, cid: map[codeKey]int{}}
		m.parse(data)
		for _, r := range m.uniRng {
			m.text(codeKey{r.n, r.hi})
		}
		m.codeLen(string(data))
	})
}
