package pdf

import (
	"bytes"
	"fmt"

	"github.com/budgetx/budgetx/model"
)

// operand is an operand of a content-stream operator.
type operand struct {
	kind byte // 'n' number, '/' name, 's' string, '[' array, 'd' dictionary, 'b' boolean, 'z' null
	num  float64
	str  string    // name or string
	arr  []operand // array elements
}

func (o operand) isNum() bool { return o.kind == 'n' }

func (o operand) name() string {
	if o.kind == '/' {
		return o.str
	}
	return ""
}

func (o operand) text() string {
	if o.kind == 's' {
		return o.str
	}
	return ""
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

// run interprets the content stream data, drawing into in.page. It
// returns a *model.Error-free error: the page adds the position.
func (in *interp) run(data []byte, depth int) error {
	lx := &lexer{data: data}
	args := make([]operand, 0, 8)
	for {
		t := lx.next()
		switch t.kind {
		case tEOF:
			return in.err
		case tKeyword:
			switch string(t.b) {
			case "true", "false":
				args = pushOperand(args, operand{kind: 'b', num: b2f(string(t.b) == "true")})
				continue
			case "null":
				args = pushOperand(args, operand{kind: 'z'})
				continue
			case "BI":
				in.inlineImage(lx)
				args = args[:0]
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
		case tBrace:
			args = args[:0] // PostScript braces have no place here: an operator that is none
		case tArrClose, tDictClose:
			// a stray closing bracket
		default:
			o, err := in.operand(lx, t, 0)
			if err != nil {
				return err
			}
			args = pushOperand(args, o)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// pushOperand pushes o, dropping the oldest half of the operands when
// too many wait for an operator (the operators use the last few).
func pushOperand(args []operand, o operand) []operand {
	if len(args) >= maxOperands {
		n := copy(args, args[len(args)/2:])
		args = args[:n]
	}
	return append(args, o)
}

// operand reads the operand that starts with token t.
func (in *interp) operand(lx *lexer, t token, depth int) (operand, error) {
	switch t.kind {
	case tNum:
		return operand{kind: 'n', num: t.num}, nil
	case tName:
		return operand{kind: '/', str: string(t.b)}, nil
	case tString:
		return operand{kind: 's', str: string(t.b)}, nil
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
		for {
			e := lx.next()
			if e.kind == close || e.kind == tEOF {
				return o, nil
			}
			if e.kind == tArrClose || e.kind == tDictClose || e.kind == tBrace {
				continue
			}
			v, err := in.operand(lx, e, depth+1)
			if err != nil {
				return operand{}, err
			}
			if len(o.arr) >= maxArrayElems {
				return operand{}, fmt.Errorf("%w: content stream: an array of more than %d elements", model.ErrLimit, maxArrayElems)
			}
			if kind == '[' {
				o.arr = append(o.arr, v)
			}
			if err := in.count(); err != nil {
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
