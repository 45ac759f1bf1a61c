package isolate

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The wire: every string and payload is a frame, a 4-byte big-endian
// length and the bytes. A request is
//
//	frame(task) frame(name) frame(payload) uint64(body size) body
//
// and a reply is a stream of chunks, each a kind byte and a frame:
// chunkData chunks carry the reply, a chunkError chunk the message of a
// handler that failed (it ends the reply), and a chunkEnd chunk (empty)
// ends it. A reply is streamed as it is written: neither side holds it
// whole. A worker starts by writing hello.
const (
	chunkData  = 'd'
	chunkError = 'e'
	chunkEnd   = 'z'
	maxFrame   = 1<<31 - 1
	chunkSize  = 64 << 10
)

var hello = []byte("budgetx-worker/" + protocol + "\n")

var errFrame = errors.New("isolate: frame too large")

func writeFrame(w io.Writer, b []byte) error {
	if len(b) > maxFrame {
		return errFrame
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	_, err := w.Write(b)
	return err
}

func readFrame(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return nil, errFrame
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, unexpected(err)
	}
	return b, nil
}

func writeUint64(w io.Writer, v uint64) error {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	_, err := w.Write(b[:])
	return err
}

func readUint64(r io.Reader) (uint64, error) {
	var b [8]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, unexpected(err)
	}
	return binary.BigEndian.Uint64(b[:]), nil
}

// unexpected turns an EOF in the middle of a message into
// io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// request is what a worker reads.
type request struct {
	task, name string
	payload    []byte
	body       []byte
}

// readRequest reads one request; io.EOF means the parent closed the pipe
// between requests.
func readRequest(r io.Reader, maxBody uint64) (*request, error) {
	task, err := readFrame(r)
	if err != nil {
		return nil, err // io.EOF: no more requests
	}
	name, err := readFrame(r)
	if err != nil {
		return nil, unexpected(err)
	}
	payload, err := readFrame(r)
	if err != nil {
		return nil, unexpected(err)
	}
	size, err := readUint64(r)
	if err != nil {
		return nil, err
	}
	if size > maxBody {
		return nil, fmt.Errorf("isolate: body of %d bytes, more than %d", size, maxBody)
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, unexpected(err)
	}
	return &request{string(task), string(name), payload, body}, nil
}

// chunkWriter writes a reply as data chunks of up to chunkSize bytes.
type chunkWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && c.err == nil {
		k := min(len(p), chunkSize-len(c.buf))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == chunkSize {
			c.flush()
		}
	}
	if c.err != nil {
		return 0, c.err
	}
	return n, nil
}

func (c *chunkWriter) flush() {
	if len(c.buf) == 0 || c.err != nil {
		return
	}
	if c.err = c.w.WriteByte(chunkData); c.err == nil {
		c.err = writeFrame(c.w, c.buf)
	}
	c.buf = c.buf[:0]
}

// end ends the reply: with an error chunk if msg is not "".
func (c *chunkWriter) end(msg string) error {
	c.flush()
	if c.err != nil {
		return c.err
	}
	kind, body := byte(chunkEnd), []byte(nil)
	if msg != "" {
		kind, body = chunkError, []byte(msg)
	}
	if err := c.w.WriteByte(kind); err != nil {
		return err
	}
	if err := writeFrame(c.w, body); err != nil {
		return err
	}
	return c.w.Flush()
}

// chunkReader reads a reply's data; at its end it returns io.EOF, or the
// handler's error (errRemote).
type chunkReader struct {
	r    *bufio.Reader
	cur  []byte
	done bool
	err  error // the error that ended the reply, io.EOF at a clean end
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.cur) == 0 {
		if c.done {
			return 0, c.err
		}
		kind, err := c.r.ReadByte()
		if err != nil {
			c.done, c.err = true, unexpected(err)
			return 0, c.err
		}
		b, err := readFrame(c.r)
		if err != nil {
			c.done, c.err = true, unexpected(err)
			return 0, c.err
		}
		switch kind {
		case chunkData:
			c.cur = b
		case chunkEnd:
			c.done, c.err = true, io.EOF
		case chunkError:
			c.done, c.err = true, errRemote(b)
		default:
			c.done, c.err = true, fmt.Errorf("isolate: bad reply chunk %q", kind)
		}
	}
	n := copy(p, c.cur)
	c.cur = c.cur[n:]
	return n, nil
}

// drain reads the rest of the reply; it returns the error that ended it
// (nil at a clean end).
func (c *chunkReader) drain() error {
	_, err := io.Copy(io.Discard, c)
	if err == nil {
		return nil
	}
	return err
}
