package isolate

import (
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
// and a reply is one status byte (replyOK or replyError) and a frame
// (the payload, or the error's message). A worker starts by writing
// hello.
const (
	replyOK    = 0
	replyError = 1
	maxFrame   = 1<<31 - 1
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
