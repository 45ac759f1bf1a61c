package binread

import (
	"encoding/binary"
	"errors"
	"testing"
)

var errTest = errors.New("test form")

func TestReader(t *testing.T) {
	b := binary.AppendUvarint(nil, 3)
	b = append(b, "abc"...)
	b = binary.AppendVarint(b, -7)
	b = append(b, 9)
	r := Reader{B: b, Base: errTest}
	if s := string(r.Bytes()); s != "abc" {
		t.Errorf("Bytes = %q", s)
	}
	if v := r.Varint(); v != -7 {
		t.Errorf("Varint = %d", v)
	}
	if c := r.Byte(); c != 9 || r.Err != nil || len(r.B) != 0 {
		t.Errorf("Byte = %d, err %v, %d left", c, r.Err, len(r.B))
	}
	// past the end: an error that wraps Base, and it sticks
	if r.Byte() != 0 || !errors.Is(r.Err, errTest) {
		t.Fatalf("read past the end: %v", r.Err)
	}
	first := r.Err
	r.Fail("something else")
	if r.Err != first || r.Uvarint() != 0 || r.Bytes() != nil {
		t.Error("the first error does not stick")
	}
	// a count larger than what is left
	r = Reader{B: binary.AppendUvarint(nil, 5), Base: errTest}
	if r.Bytes() != nil || !errors.Is(r.Err, errTest) {
		t.Errorf("a count past the end: %v", r.Err)
	}
}
