package pdf

import (
	"bytes"
	"fmt"

	"github.com/budgetx/budgetx/model"
)

// operand is an operand of a content-stream operator. It holds no
// pointers: a name's or a string's bytes, an array's elements, are a
// range of the run's operand buffers (opBuf), valid until the operator
// that takes them has run.
type operand struct {
	kind   byte // 'n' number, '/' name, 's' string, '[' array, 'd' dictionary, 'b' boolean, 'z' null
	num    float64
	off, n int // name or string: opBuf.bytes[off:off+n]; array: opBuf.arrs[off:off+n]
}

func (o operand) isNum() bool { return o.kind == 'n' }

// name returns a name operand's bytes; nil for another kind.
func (ob *opBuf) name(o operand) []byte {
	if o.kind == '/' {
		return ob.bytes[o.off : o.off+o.n]
	}
	return nil
}

// text returns a string operand's bytes; nil for another kind.
func (ob *opBuf) text(o operand) []byte {
	if o.kind == 's' {
		return ob.bytes[o.off : o.off+o.n]
	}
	return nil
}

// elems returns an array operand's elements; nil for another kind.
func (ob *opBuf) elems(o operand) []operand {
	if o.kind == '[' {
		return ob.arrs[o.off : o.off+o.n]
	}
	return nil
}

// Bounds of the content-stream syntax (beyond them the stream is
// malformed): operands waiting for an operator, the elements of one
// array, and the nesting of arrays and dictionaries.
const (
	maxOperands   = 1024
	maxArrayElems = 1 << 18
	maxNesting    = 32
)

// errStop stops the walk of a content stream: in.err says why.
type errStop struct{}

// opBuf holds the operands of one run of a content stream, so that
// reading them allocates nothing once the buffers have grown: the bytes
// of names and strings, the elements of arrays, and a stack of the
// elements of arrays being read. reset drops what the last operator took.
type opBuf struct {
	bytes []byte
	arrs  []operand
	stack []operand
}

func (ob *opBuf) reset() {
	ob.bytes = ob.bytes[:0]
	ob.arrs = ob.arrs[:0]
}

// keep copies b into the buffer (the lexer reuses its own) and returns
// the operand of kind that holds it.
func (ob *opBuf) keep(kind byte, b []byte) operand {
	o := operand{kind: kind, off: len(ob.bytes), n: len(b)}
	ob.bytes = append(ob.bytes, b...)
	return o
}

// array moves the elements read since start off the stack into an array
// operand.
func (ob *opBuf) array(start int) operand {
	o := operand{kind: '[', off: len(ob.arrs), n: len(ob.stack) - start}
	ob.arrs = append(ob.arrs, ob.stack[start:]...)
	ob.stack = ob.stack[:start]
	return o
}

// clone copies o of buffer from, its bytes and elements, into ob.
func (ob *opBuf) clone(from *opBuf, o operand) operand {
	switch o.kind {
	case '/', 's':
		return ob.keep(o.kind, from.bytes[o.off:o.off+o.n])
	case '[':
		start := len(ob.stack)
		for _, e := range from.arrs[o.off : o.off+o.n] {
			c := ob.clone(from, e) // may grow ob.stack: before the append reads it
			ob.stack = append(ob.stack, c)
		}
		return ob.array(start)
	}
	return o
}

// run interprets the content stream data, drawing into in.page. It
// returns a *model.Error-free error: the page adds the position.
func (in *interp) run(data []byte, depth int) error {
	lx := &lexer{data: data}
	args := make([]operand, 0, 8)
	ob := &opBuf{}
	saved := in.ob
	in.ob = ob
	defer func() { in.ob = saved }()
	var t token
	for {
		lx.nextTo(&t)
		switch t.kind {
		case tEOF:
			return in.err
		case tKeyword:
			switch string(t.b) {
			case "true", "false":
				args = ob.push(args, operand{kind: 'b', num: b2f(string(t.b) == "true")})
				continue
			case "null":
				args = ob.push(args, operand{kind: 'z'})
				continue
			case "BI":
				in.inlineImage(lx)
				args = args[:0]
				ob.reset()
				continue
			}
			if err := in.count(); err != nil {
				return err
			}
			in.do(opKey(t.b), args, depth)
			if in.err != nil {
				return in.err
			}
			args = args[:0]
			ob.reset()
		case tBrace:
			args = args[:0] // PostScript braces have no place here: an operator that is none
			ob.reset()
		case tArrClose, tDictClose:
			// a stray closing bracket
		default:
			o, err := in.operand(lx, &t, 0, ob)
			if err != nil {
				return err
			}
			args = ob.push(args, o)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// push pushes o, dropping the oldest half of the operands when too many
// wait for an operator (the operators use the last few); the buffers
// then keep only what the operands left use.
func (ob *opBuf) push(args []operand, o operand) []operand {
	if len(args) >= maxOperands {
		n := copy(args, args[len(args)/2:])
		args = args[:n]
		fresh := &opBuf{stack: ob.stack}
		for i := range args {
			args[i] = fresh.clone(ob, args[i])
		}
		o = fresh.clone(ob, o)
		*ob = *fresh
	}
	return append(args, o)
}

// operand reads the operand that starts with token t.
func (in *interp) operand(lx *lexer, t *token, depth int, ob *opBuf) (operand, error) {
	switch t.kind {
	case tNum:
		return operand{kind: 'n', num: t.num}, nil
	case tName:
		return ob.keep('/', t.b), nil
	case tString:
		return ob.keep('s', t.b), nil
	case tKeyword:
		switch string(t.b) {
		case "true", "false":
			return operand{kind: 'b', num: b2f(string(t.b) == "true")}, nil
		}
		return operand{kind: 'z'}, nil // an operator inside an array or dictionary: null
	case tArrOpen, tDictOpen:
		if depth >= maxNesting {
			return operand{}, fmt.Errorf("content stream: arrays or dictionaries nested deeper than %d", maxNesting)
		}
		close := tArrClose
		kind := byte('[')
		if t.kind == tDictOpen {
			close, kind = tDictClose, 'd'
		}
		start := len(ob.stack)
		var e token
		for {
			lx.nextTo(&e)
			if e.kind == close || e.kind == tEOF {
				if kind == '[' {
					return ob.array(start), nil
				}
				ob.stack = ob.stack[:start]
				return operand{kind: kind}, nil
			}
			if e.kind == tArrClose || e.kind == tDictClose || e.kind == tBrace {
				continue
			}
			v, err := in.operand(lx, &e, depth+1, ob)
			if err != nil {
				ob.stack = ob.stack[:start]
				return operand{}, err
			}
			if len(ob.stack)-start >= maxArrayElems {
				ob.stack = ob.stack[:start]
				return operand{}, fmt.Errorf("%w: content stream: an array of more than %d elements", model.ErrLimit, maxArrayElems)
			}
			if kind == '[' {
				ob.stack = append(ob.stack, v)
			}
			if err := in.count(); err != nil {
				ob.stack = ob.stack[:start]
				return operand{}, err
			}
		}
	}
	return operand{kind: 'z'}, nil
}

// inlineImage skips an inline image: its dictionary up to ID, one white
// space byte, and its data up to EI standing alone.
func (in *interp) inlineImage(lx *lexer) {
	in.page.Images++
	for {
		t := lx.next()
		if t.kind == tEOF {
			return
		}
		if t.kind == tKeyword && string(t.b) == "ID" {
			break
		}
		if in.count() != nil {
			return
		}
	}
	d := lx.data
	p := lx.pos
	if p < len(d) && isSpaceByte(d[p]) {
		p++
	}
	for {
		i := bytes.Index(d[p:], []byte("EI"))
		if i < 0 {
			lx.pos = len(d)
			return
		}
		at := p + i
		before := at == 0 || isSpaceByte(d[at-1])
		after := at+2 >= len(d) || isSpaceByte(d[at+2]) || isDelimByte(d[at+2])
		if before && after {
			lx.pos = at + 2
			return
		}
		p = at + 2
	}
}
