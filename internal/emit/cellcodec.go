package emit

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/budgetx/budgetx/internal/binread"
	"github.com/budgetx/budgetx/model"
)

// A dataset's batch stages the rows of each partition as the cells they
// were validated into (table.cells), in a binary form of one table type's
// fields, so that Commit writes them without converting records again
// (the records' maps of values and decimals cost the main process more
// than the writing). A frame holds rows of one table type: a uvarint count,
// then each row field by field, in t.fields order, each field a tag and
// what the tag says follows:
//
//	cellNull                    a null
//	cellValue                   a string (uvarint length, bytes), a number
//	                            (varint: int, bool, unscaled money or
//	                            decimal), or a spend plan (uvarint count;
//	                            each point: checkpoint string, varint
//	                            month, a byte 1 when its pct is null,
//	                            varint pct)
//	cellSame                    a string equal to the row before's in this
//	                            field, in this frame (a document's rows
//	                            repeat its doc_id, file, department, title)
const (
	cellNull byte = iota
	cellValue
	cellSame
)

// cellEncoder appends rows of one table type to a frame.
type cellEncoder struct {
	key  partKey // the partition the rows go to
	t    *table
	buf  []byte
	n    int      // rows in buf
	prev []string // per field: the string of the row before, in this frame
	has  []bool   // per field: prev holds one
}

func (e *cellEncoder) reset(t *table) {
	e.t, e.buf, e.n = t, e.buf[:0], 0
	if cap(e.prev) < len(t.fields) {
		e.prev, e.has = make([]string, len(t.fields)), make([]bool, len(t.fields))
	}
	e.prev, e.has = e.prev[:len(t.fields)], e.has[:len(t.fields)]
	clear(e.prev)
	clear(e.has)
}

func (e *cellEncoder) add(cells []cell) {
	b := e.buf
	for i, f := range e.t.fields {
		c := &cells[i]
		if c.null {
			b = append(b, cellNull)
			continue
		}
		switch f.Kind {
		case model.KindString:
			if e.has[i] && e.prev[i] == c.str {
				b = append(b, cellSame)
				continue
			}
			e.prev[i], e.has[i] = c.str, true
			b = append(b, cellValue)
			b = binary.AppendUvarint(b, uint64(len(c.str)))
			b = append(b, c.str...)
		case model.KindSpendPlan:
			b = append(b, cellValue)
			b = binary.AppendUvarint(b, uint64(len(c.plan)))
			for _, p := range c.plan {
				b = binary.AppendUvarint(b, uint64(len(p.checkpoint)))
				b = append(b, p.checkpoint...)
				b = binary.AppendVarint(b, int64(p.month))
				if p.pctNull {
					b = append(b, 1)
				} else {
					b = append(b, 0)
				}
				b = binary.AppendVarint(b, p.pct)
			}
		default:
			b = append(b, cellValue)
			b = binary.AppendVarint(b, c.num)
		}
	}
	e.buf = b
	e.n++
}

// frame returns the frame: the row count, then the rows.
func (e *cellEncoder) frame(dst []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(e.n))
	return append(dst, e.buf...)
}

var errCells = errors.New("staged rows malformed")

// cellDecoder reads frames of one table type; the first error sticks.
type cellDecoder struct {
	binread.Reader
	cells []cell
	prev  []string
}

// rows calls fn with the cells of each row of frame b, in order; the
// cells are valid until fn returns.
func (d *cellDecoder) rows(t *table, b []byte, fn func([]cell) error) error {
	d.Reader = binread.Reader{B: b, Base: errCells}
	n := d.Count()
	if d.Err != nil {
		return d.Err
	}
	if cap(d.prev) < len(t.fields) {
		d.prev = make([]string, len(t.fields))
	}
	d.prev = d.prev[:len(t.fields)]
	clear(d.prev)
	for range n {
		cells := d.cells[:0]
		for i, f := range t.fields {
			var c cell
			switch tag := d.Byte(); tag {
			case cellNull:
				c.null = true
			case cellSame:
				if f.Kind != model.KindString {
					d.Fail("a repeat of a field that is no string")
				}
				c.str = d.prev[i]
			case cellValue:
				switch f.Kind {
				case model.KindString:
					c.str = string(d.Bytes())
					d.prev[i] = c.str
				case model.KindSpendPlan:
					c.plan = d.plan()
				default:
					c.num = d.Varint()
				}
			default:
				d.Fail(fmt.Sprintf("a field tagged %d", tag))
			}
			cells = append(cells, c)
		}
		d.cells = cells
		if d.Err != nil {
			return d.Err
		}
		if err := fn(cells); err != nil {
			return err
		}
	}
	if len(d.B) > 0 {
		return fmt.Errorf("%w: %d bytes after the last row", errCells, len(d.B))
	}
	return nil
}

func (d *cellDecoder) plan() []point {
	n := d.Count()
	if n == 0 {
		return nil
	}
	ps := make([]point, 0, n)
	for range n {
		var p point
		p.checkpoint = string(d.Bytes())
		m := d.Varint()
		if m < -1<<31 || m >= 1<<31 {
			d.Fail("a month out of range")
		}
		p.month = int32(m)
		p.pctNull = d.Byte() != 0
		p.pct = d.Varint()
		if d.Err != nil {
			return nil
		}
		ps = append(ps, p)
	}
	return ps
}
