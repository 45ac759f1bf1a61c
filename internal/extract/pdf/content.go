package pdf

import (
	"bytes"
	"fmt"

	"github.com/budgetx/budgetx/model"
)

// operand is an operand of a content-stream operator. Its bytes and its
// elements live in the run's operand buffers (opBuf): they are valid
// until the operator that takes them has run.
type operand struct {
	kind byte // 'n' number, '/' name, 's' string, '[' array, 'd' dictionary, 'b' boolean, 'z' null
	num  float64
	b    []byte    // name or string
	arr  []operand // array elements
}

func (o operand) isNum() bool { return o.kind == 'n' }

// name returns a name operand's bytes; nil for another kind.
func (o operand) name() []byte {
	if o.kind == '/' {
		return o.b
	}
	return nil
}

// text returns a string operand's bytes; nil for another kind.
func (o operand) text() []byte {
	if o.kind == 's' {
		return o.b
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

// keep copies b into the buffer (the lexer reuses its own).
func (ob *opBuf) keep(b []byte) []byte {
	n := len(ob.bytes)
	ob.bytes = append(ob.bytes, b...)
	return ob.bytes[n:len(ob.bytes):len(ob.bytes)]
}

// array moves the elements read since start off the stack into an array.
func (ob *opBuf) array(start int) []operand {
	n := len(ob.arrs)
	ob.arrs = append(ob.arrs, ob.stack[start:]...)
	ob.stack = ob.stack[:start]
	return ob.arrs[n:len(ob.arrs):len(ob.arrs)]
}

// clone copies o, its bytes and elements, into ob.
func (ob *opBuf) clone(o operand) operand {
	if o.b != nil {
		o.b = ob.keep(o.b)
	}
	if o.arr != nil {
		start := len(ob.stack)
		for _, e := range o.arr {
			ob.stack = append(ob.stack, ob.clone(e))
		}
		o.arr = ob.array(start)
	}
	return o
}

// run interprets the content stream data, drawing into in.page. It
// returns a *model.Error-free error: the page adds the position.
func (in *interp) run(data []byte, depth int) error {
	lx := &lexer{data: data}
	args := make([]operand, 0, 8)
	ob := &opBuf{}
	for {
		t := lx.next()
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
			in.do(string(t.b), args, depth)
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
			o, err := in.operand(lx, t, 0, ob)
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
			args[i] = fresh.clone(args[i])
		}
		o = fresh.clone(o)
		*ob = *fresh
	}
	return append(args, o)
}

// operand reads the operand that starts with token t.
func (in *interp) operand(lx *lexer, t token, depth int, ob *opBuf) (operand, error) {
	switch t.kind {
	case tNum:
		return operand{kind: 'n', num: t.num}, nil
	case tName:
		return operand{kind: '/', b: ob.keep(t.b)}, nil
	case tString:
		return operand{kind: 's', b: ob.keep(t.b)}, nil
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
		o := operand{kind: kind}
		start := len(ob.stack)
		for {
			e := lx.next()
			if e.kind == close || e.kind == tEOF {
				if kind == '[' && len(ob.stack) > start {
					o.arr = ob.array(start)
				}
				ob.stack = ob.stack[:start]
				return o, nil
			}
			if e.kind == tArrClose || e.kind == tDictClose || e.kind == tBrace {
				continue
			}
			v, err := in.operand(lx, e, depth+1, ob)
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
