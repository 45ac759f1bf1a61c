package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/budgetx/budgetx/internal/inputfile"
	"github.com/budgetx/budgetx/model"
)

// identity is what the run knows of an input before reading it.
type identity struct {
	size, mtime int64
	docID       string // sha256 of its bytes; "" if not read
	skip        string // why the document is not read again ("" to read it)
	dupOf       string // the input with the same bytes that is read instead
	err         error  // the file could not be opened or hashed
}

// knownFunc says whether a dataset already holds a document: by its
// unchanged file (source, size, mtime; docID "") or by its doc_id. It
// returns why the document need not be read again, or "".
type knownFunc func(source string, size, mtime int64, docID string) string

// identify finds every input's identity, workers at a time: a file the
// dataset knows unchanged is not read; the others are hashed. Of the
// inputs with the same bytes, the one whose path sorts first is read
// and the others are duplicates of it (the same choice, whatever the
// order or the shard, so that runs and merged shards agree).
func identify(ctx context.Context, inputs []Input, workers int, maxBytes int64, known knownFunc) ([]identity, error) {
	ids := make([]identity, len(inputs))
	idx := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				ids[i] = identifyOne(inputs[i], maxBytes, known)
			}
		}()
	}
	for i := range inputs {
		select {
		case idx <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(idx)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// the same bytes under several paths: the first path by name wins
	first := map[string]int{}
	for i := range ids {
		id := &ids[i]
		if id.docID == "" || id.skip != "" || id.err != nil {
			continue
		}
		if j, ok := first[id.docID]; !ok || inputs[i].Path < inputs[j].Path {
			first[id.docID] = i
		}
	}
	for i := range ids {
		id := &ids[i]
		if id.docID == "" || id.skip != "" || id.err != nil {
			continue
		}
		if j := first[id.docID]; j != i {
			id.dupOf = inputs[j].Path
		}
	}
	return ids, nil
}

func identifyOne(in Input, maxBytes int64, known knownFunc) identity {
	if in.Err != nil {
		return identity{}
	}
	f, size, err := inputfile.Open(in.Path, maxBytes)
	if err != nil {
		return identity{err: err}
	}
	defer f.Close()
	var id identity
	id.size = size
	if fi, err := f.Stat(); err == nil {
		id.mtime = fi.ModTime().UnixNano()
	}
	if known != nil {
		if why := known(in.Path, id.size, id.mtime, ""); why != "" {
			id.skip = why
			return id
		}
	}
	h := sha256.New()
	if n, err := io.Copy(h, f); err != nil || n != size {
		if err == nil {
			err = fmt.Errorf("%d of %d bytes (the file changed while it was read)", n, size)
		}
		return identity{err: &model.Error{File: in.Path, Err: fmt.Errorf("%w: %v", model.ErrIO, err)}}
	}
	id.docID = hex.EncodeToString(h.Sum(nil))
	if known != nil {
		id.skip = known(in.Path, id.size, id.mtime, id.docID)
	}
	return id
}

// duplicateIssue is the issue line of a path whose bytes are another's.
func duplicateIssue(path string, id identity) *model.Issue {
	return &model.Issue{DocID: id.docID, SourceFile: path, Kind: model.IssueDuplicate, Severity: model.SevInfo,
		Message: "the same bytes as " + id.dupOf + ": read once, as that file"}
}

// Shard is a stable share of a run's inputs: shard I of N (0 ≤ I < N)
// takes the inputs whose path, as given, hashes to I. N machines given
// the same paths, each with its own I, read every input once between
// them. The zero Shard takes everything.
type Shard struct{ I, N int }

// ParseShard reads "i/n".
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("%q is not a shard: want i/n with 0 ≤ i < n (e.g. 0/3, 1/3, 2/3)", s)
	}
	return Shard{i, n}, nil
}

// Take returns the inputs of the shard, in order.
func (s Shard) Take(in []Input) []Input {
	if s.N <= 1 {
		return in
	}
	var out []Input
	for _, x := range in {
		h := fnv.New64a()
		h.Write([]byte(x.Path))
		if int(h.Sum64()%uint64(s.N)) == s.I {
			out = append(out, x)
		}
	}
	return out
}
