// Package binread reads the varint-framed binary forms budgetx writes for
// itself (model's record codec, emit's staged rows): a Reader over a byte
// slice whose first error sticks, so that a decoder reads field after
// field and looks at the error once.
package binread

import (
	"encoding/binary"
	"fmt"
)

// Reader reads from B. After an error (Err, wrapping Base) B is empty and
// every read returns a zero value.
type Reader struct {
	B    []byte
	Err  error
	Base error // the sentinel every error wraps
}

// Fail records what was wrong, unless an error is recorded already, and
// stops the reading.
func (r *Reader) Fail(what string) {
	if r.Err == nil {
		r.Err = fmt.Errorf("%w: %s", r.Base, what)
	}
	r.B = nil
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.B) == 0 {
		r.Fail("data cut short")
		return 0
	}
	c := r.B[0]
	r.B = r.B[1:]
	return c
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	v, n := binary.Uvarint(r.B)
	if n <= 0 {
		r.Fail("a bad unsigned number")
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Varint reads a signed varint.
func (r *Reader) Varint() int64 {
	v, n := binary.Varint(r.B)
	if n <= 0 {
		r.Fail("a bad number")
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Count reads a count of things that take at least a byte each: never
// more than the bytes left.
func (r *Reader) Count() int {
	v := r.Uvarint()
	if v > uint64(len(r.B)) {
		r.Fail("a count larger than the data")
		return 0
	}
	return int(v)
}

// Bytes reads bytes after their count; they alias B.
func (r *Reader) Bytes() []byte {
	n := r.Count()
	if r.Err != nil {
		return nil
	}
	s := r.B[:n]
	r.B = r.B[n:]
	return s
}
