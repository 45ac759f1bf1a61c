package emit

import (
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// What a Parquet writer holds in memory is bounded by these, whatever the
// number of rows it is given: the values of the page being filled, per
// column (pageBytes uncompressed, preallocated for a required column of
// fixed width), and the compressed pages of the row group being written,
// which is flushed to the file when it holds rowGroupBytes or rowGroupRows
// rows. A writer that is alone (a part of a dataset, a merge) has pages of
// pageBytes; the writers of a flat output, one per table type all open at
// once, have pages of flatPageBytes. Smaller pages compress worse (pages of
// 32 KiB make the fixtures' Parquet files 40% larger than pages of 256 KiB,
// 128 KiB 5%). Every reader reads pages and row groups of any size.
const (
	pageBytes     = 128 << 10
	flatPageBytes = 32 << 10
	rowGroupBytes = 4 << 20
	rowGroupRows  = 64 << 10
	// sizeEvery is how many rows are written between two looks at the
	// size of the row group (the look walks every column).
	sizeEvery = 64
	// zstdWindow is the window of the zstd encoder: pages are smaller, so
	// a larger one would compress no better, and it is what each encoder
	// allocates (the library's default is 8 MiB, held twice).
	zstdWindow = 1 << 20
)

// pqCodec is the zstd codec of every Parquet file budgetx writes: one
// encoder and one decoder for the whole process, with a window of
// zstdWindow, instead of parquet-go's default of an encoder per file
// (16 MiB each, kept in a pool until two collections pass). Its frames are
// standard zstd frames.
var pqCodec = &zstdCodec{}

type zstdCodec struct {
	once sync.Once
	enc  *zstd.Encoder
	dec  *zstd.Decoder
	err  error
}

func (c *zstdCodec) init() {
	c.once.Do(func() {
		c.enc, c.err = zstd.NewWriter(nil,
			zstd.WithEncoderConcurrency(1),
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithWindowSize(zstdWindow),
			zstd.WithLowerEncoderMem(true),
			zstd.WithZeroFrames(true),
			zstd.WithEncoderCRC(false))
		if c.err != nil {
			return
		}
		c.dec, c.err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	})
}

func (c *zstdCodec) String() string { return "ZSTD" }

func (c *zstdCodec) CompressionCodec() format.CompressionCodec { return format.Zstd }

// Encode compresses src into dst[:0]; safe for concurrent use (EncodeAll is).
func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	if c.init(); c.err != nil {
		return dst[:0], c.err
	}
	return c.enc.EncodeAll(src, dst[:0]), nil
}

// Decode decompresses src into dst[:0].
func (c *zstdCodec) Decode(dst, src []byte) ([]byte, error) {
	if c.init(); c.err != nil {
		return dst[:0], c.err
	}
	return c.dec.DecodeAll(src, dst[:0])
}

// pqWriter is a Parquet writer whose memory is bounded: pages of
// pageBytes (unless an option says otherwise), the shared codec, row
// groups flushed by size.
type pqWriter struct {
	w       *parquet.Writer
	limit   int64 // rowGroupBytes (tests lower it)
	rows    int   // rows in the current row group
	flushed int64 // w.Size() after the last flush: the bytes in the file
	grow    int   // rows written since the size was last looked at
}

// newPQWriter returns a writer of schema to out; opts come after budgetx's
// own and may override them (tests do).
func newPQWriter(out io.Writer, schema *parquet.Schema, opts ...parquet.WriterOption) (*pqWriter, error) {
	base := []parquet.WriterOption{schema, parquet.Compression(pqCodec), parquet.PageBufferSize(pageBytes)}
	cfg, err := parquet.NewWriterConfig(append(base, opts...)...)
	if err != nil {
		return nil, err
	}
	return &pqWriter{w: parquet.NewWriter(out, cfg), limit: rowGroupBytes}, nil
}

// buffered returns the bytes the writer holds in memory (an estimate: the
// compressed pages of the current row group and the values of the pages
// being filled).
func (p *pqWriter) buffered() int64 { return p.w.Size() - p.flushed }

// flush writes the current row group to the file. After it, buffered is
// 0.
func (p *pqWriter) flush() error {
	if p.rows > 0 {
		if err := p.w.Flush(); err != nil {
			return err
		}
	}
	p.rows, p.grow = 0, 0
	p.flushed = p.w.Size()
	return nil
}

// wrote counts n rows just written and flushes the row group when it is
// full.
func (p *pqWriter) wrote(n int) error {
	p.rows += n
	p.grow += n
	if p.rows >= rowGroupRows {
		return p.flush()
	}
	if p.grow >= sizeEvery {
		p.grow = 0
		if p.buffered() >= p.limit {
			return p.flush()
		}
	}
	return nil
}

// write appends one row (a pointer to a struct of the schema).
func (p *pqWriter) write(row any) error {
	if err := p.w.Write(row); err != nil {
		return err
	}
	return p.wrote(1)
}

// writeRows appends rows.
func (p *pqWriter) writeRows(rows []parquet.Row) error {
	for len(rows) > 0 {
		k := min(len(rows), sizeEvery)
		if _, err := p.w.WriteRows(rows[:k]); err != nil {
			return err
		}
		if err := p.wrote(k); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

// close writes the last row group and the footer.
func (p *pqWriter) close() error { return p.w.Close() }
