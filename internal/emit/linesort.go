package emit

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
)

// sortChunk is the bytes of lines a lineSorter holds before it sorts them
// and writes them to a run file (a variable: tests lower it).
var sortChunk = 4 << 20

// maxRuns is the most run files merged at once; more are merged in steps
// (a variable: tests lower it).
var maxRuns = 128

// A lineSorter sorts lines by a key, stably (lines with equal keys keep the
// order they were added in), holding at most about chunk bytes of them in
// memory: it writes sorted runs to temporary files in dir and merges them
// (an external merge sort). The index of a dataset (WriteIndex) is sorted
// this way, so that writing it takes the same memory however many
// documents the dataset holds.
type lineSorter struct {
	dir   string
	chunk int
	lines []sortLine
	size  int
	runs  []*os.File
}

type sortLine struct {
	key  string
	data []byte
}

func newLineSorter(dir string, chunk int) *lineSorter {
	return &lineSorter{dir: dir, chunk: chunk}
}

// add adds a line; data is copied.
func (s *lineSorter) add(key string, data []byte) error {
	s.lines = append(s.lines, sortLine{key, append([]byte(nil), data...)})
	s.size += len(key) + len(data) + 48
	if s.size >= s.chunk {
		return s.spill()
	}
	return nil
}

// held returns the bytes of lines held in memory.
func (s *lineSorter) held() int { return s.size }

// spill sorts the lines held and writes them to a new run file.
func (s *lineSorter) spill() error {
	if len(s.lines) == 0 {
		return nil
	}
	sort.SliceStable(s.lines, func(i, j int) bool { return s.lines[i].key < s.lines[j].key })
	f, err := os.CreateTemp(s.dir, ".sort-*")
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f)
	bw := bufio.NewWriterSize(f, 32<<10)
	for _, l := range s.lines {
		writeRecord(bw, l.key, l.data)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	clear(s.lines)
	s.lines, s.size = s.lines[:0], 0
	return nil
}

// writeRecord writes one line of a run: the key's length and the key, the
// data's length and the data.
func writeRecord(w *bufio.Writer, key string, data []byte) {
	var n [binary.MaxVarintLen64]byte
	w.Write(n[:binary.PutUvarint(n[:], uint64(len(key)))])
	w.WriteString(key)
	w.Write(n[:binary.PutUvarint(n[:], uint64(len(data)))])
	w.Write(data)
}

// each calls f with every line, in order of their keys, then removes the
// run files. The sorter is empty after.
func (s *lineSorter) each(f func(data []byte) error) error {
	defer s.close()
	if len(s.runs) == 0 { // it all fits: no file
		sort.SliceStable(s.lines, func(i, j int) bool { return s.lines[i].key < s.lines[j].key })
		for _, l := range s.lines {
			if err := f(l.data); err != nil {
				return err
			}
		}
		return nil
	}
	if err := s.spill(); err != nil {
		return err
	}
	for len(s.runs) > maxRuns { // merge the first ones into one, which stays first
		out, err := os.CreateTemp(s.dir, ".sort-*")
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(out, 32<<10)
		err = mergeRuns(s.runs[:maxRuns], func(key string, data []byte) error {
			writeRecord(bw, key, data)
			return nil
		})
		if err == nil {
			err = bw.Flush()
		}
		for _, r := range s.runs[:maxRuns] {
			r.Close()
			os.Remove(r.Name())
		}
		s.runs = append([]*os.File{out}, s.runs[maxRuns:]...)
		if err != nil {
			return err
		}
	}
	return mergeRuns(s.runs, func(_ string, data []byte) error { return f(data) })
}

// close removes the run files and drops the lines held.
func (s *lineSorter) close() {
	for _, r := range s.runs {
		r.Close()
		os.Remove(r.Name())
	}
	s.runs, s.lines, s.size = nil, nil, 0
}

// run is one run file being read in a merge.
type run struct {
	r    *bufio.Reader
	idx  int // its place among the runs: the tie-break that keeps the sort stable
	key  string
	data []byte
}

func (r *run) next() (bool, error) {
	kl, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	k := make([]byte, kl)
	if _, err := io.ReadFull(r.r, k); err != nil {
		return false, fmt.Errorf("reading a sort run: %w", err)
	}
	dl, err := binary.ReadUvarint(r.r)
	if err != nil {
		return false, fmt.Errorf("reading a sort run: %w", errors.Join(io.ErrUnexpectedEOF, err))
	}
	if uint64(cap(r.data)) < dl {
		r.data = make([]byte, dl)
	}
	r.data = r.data[:dl]
	if _, err := io.ReadFull(r.r, r.data); err != nil {
		return false, fmt.Errorf("reading a sort run: %w", err)
	}
	r.key = string(k)
	return true, nil
}

type runHeap []*run

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if h[i].key != h[j].key {
		return h[i].key < h[j].key
	}
	return h[i].idx < h[j].idx
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*run)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergeRuns calls f with the lines of the sorted runs files, in order of
// their keys; of equal keys, the earlier run's first.
func mergeRuns(files []*os.File, f func(key string, data []byte) error) error {
	h := make(runHeap, 0, len(files))
	for i, file := range files {
		if _, err := file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r := &run{r: bufio.NewReaderSize(file, 16<<10), idx: i}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, r)
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		r := h[0]
		if err := f(r.key, r.data); err != nil {
			return err
		}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}
