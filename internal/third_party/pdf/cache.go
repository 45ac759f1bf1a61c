// budgetx: this file is not part of github.com/ledongthuc/pdf. It keeps
// what the Reader has read, so that a document is read once: upstream
// parses an object again every time a Value refers to it (a page's
// /Parent, its /Resources, every font), and inflates a whole object
// stream again for every object it takes from it.

package pdf

import (
	"errors"
	"github.com/klauspost/compress/zlib"
	"io"
	"reflect"
	"sync"
)

// Budgets of a Reader's cache. Beyond them, objects and object streams
// are read again each time, as upstream does: a hostile file cannot make
// the cache hold more than this.
const (
	maxCachedObjectBytes = 64 << 20 // source bytes of the objects kept
	maxCachedStreamBytes = 64 << 20 // decoded bytes of the object streams kept
)

// cache holds the objects a Reader has parsed, by reference, and the
// decoded data of its object streams. Parsed objects are never modified
// (Values only read them), so one parse serves every Value. A nil *cache
// keeps nothing (while NewReader opens the file: the encryption key is
// not known yet, and objects parsed without it must not be kept).
type cache struct {
	mu          sync.Mutex
	objs        map[objptr]object
	objBytes    int64
	streams     map[objptr]*decoded
	streamBytes int64
}

// decoded is the data of an object stream as its Reader gave it: the
// bytes, and the error that ended them (nil at a clean end).
type decoded struct {
	data []byte
	err  error
}

func newCache() *cache {
	return &cache{objs: map[objptr]object{}, streams: map[objptr]*decoded{}}
}

func (c *cache) object(ptr objptr) (object, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	x, ok := c.objs[ptr]
	return x, ok
}

// keep keeps object x of ptr, parsed from n bytes, within the budget.
func (c *cache) keep(ptr objptr, x object, n int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n < 0 || c.objBytes+n > maxCachedObjectBytes {
		return
	}
	c.objs[ptr] = x
	c.objBytes += n
}

// objStmReader returns the decoded data of object stream strm: from the
// cache, or read whole (and kept, within the budget). The reader gives
// what strm.Reader() gives, up to the error that ends it, so that a
// damaged stream fails where it failed before. A stream that does not
// read as a stream should (it is over the budget, a read panics, or it
// stops making progress) is read again as upstream reads it.
func (c *cache) objStmReader(strm Value) io.Reader {
	if c == nil {
		return strm.Reader()
	}
	c.mu.Lock()
	d := c.streams[strm.ptr]
	left := maxCachedStreamBytes - c.streamBytes
	c.mu.Unlock()
	if d == nil {
		data, err, ok := readWhole(strm, left)
		if !ok {
			return strm.Reader()
		}
		d = &decoded{data: data, err: err}
		c.mu.Lock()
		c.streams[strm.ptr] = d
		c.streamBytes += int64(len(data))
		c.mu.Unlock()
	}
	return &replay{data: d.data, err: d.err}
}

// readWhole reads strm's data as the library's buffer does: until a
// read returns no bytes and an error. ok is false if it read more than
// max bytes, a read panicked, or 100 reads in a row returned nothing.
func readWhole(strm Value, max int64) (data []byte, err error, ok bool) {
	defer func() {
		if recover() != nil {
			data, err, ok = nil, nil, false
		}
	}()
	rd := strm.Reader()
	buf := make([]byte, 0, 32<<10)
	idle := 0
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case int64(len(buf)) > max:
			return nil, nil, false
		case n == 0 && err != nil:
			return buf, err, true
		case n == 0:
			if idle++; idle >= 100 {
				return nil, nil, false
			}
		default:
			idle = 0
		}
	}
}

// replay reads data, then returns err (io.EOF at a clean end) for ever.
type replay struct {
	data []byte
	err  error
}

func (r *replay) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// zlibPool holds zlib readers that a stream's Close gave back: a new one
// allocates a 32 KiB window, and a page reads several streams.
var zlibPool sync.Pool

// newZlibReader is zlib.NewReader(rd), from the pool if it can.
func newZlibReader(rd io.Reader) (io.ReadCloser, error) {
	if z, ok := zlibPool.Get().(io.ReadCloser); ok {
		if err := z.(zlib.Resetter).Reset(rd, nil); err != nil {
			return nil, err
		}
		return z, nil
	}
	return zlib.NewReader(rd)
}

// pooledCloser is what Value.Reader returns: its Close gives the zlib
// readers of its filters back to the pool (upstream's Close does nothing;
// a reader that is never closed is simply collected). The stream must not
// be read after Close.
type pooledCloser struct {
	io.Reader
	zlibs []io.ReadCloser
}

func (p *pooledCloser) Close() error {
	for _, z := range p.zlibs {
		zlibPool.Put(z)
	}
	p.zlibs = nil
	p.Reader = &errorReadCloser{errors.New("stream closed")}
	return nil
}

// Identity returns a number that identifies the dictionary, array or
// stream that v holds, for as long as it is alive: two Values of one
// object parsed once (see cache) have the same identity, and a Value
// kept alive keeps its identity from being reused. It is 0 for other
// kinds and an empty array. (budgetx: callers key caches of what they
// derive from an object by it, keeping the Value in the cache.)
func (v Value) Identity() uintptr {
	switch x := v.data.(type) {
	case dict:
		return reflect.ValueOf(x).Pointer()
	case stream:
		return reflect.ValueOf(x.hdr).Pointer()
	case array:
		if len(x) == 0 {
			return 0
		}
		return reflect.ValueOf(x).Pointer()
	}
	return 0
}
