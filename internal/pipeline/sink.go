package pipeline

import (
	"fmt"
	"time"

	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/model"
)

// sink is where a run's documents go: a flat output, a dataset, a stream.
type sink interface {
	recovered() []string
	// known says how the output knows documents already (nil: it does not).
	known(cfg Config) knownFunc
	// ordered reports whether documents must come in input order.
	ordered() bool
	write(res *model.Result, src emit.Source) error
	note(is *model.Issue) error
	close() error // the run finished
	interrupted() // the run was cancelled: keep what is whole
	abort()       // the output cannot be written: drop the run
}

func openSink(cfg Config) (sink, error) {
	switch cfg.Layout {
	case LayoutDataset:
		return openDataset(cfg)
	case LayoutStream:
		if cfg.Stdout == nil {
			return nil, fmt.Errorf("pipeline: LayoutStream needs Config.Stdout")
		}
		return &streamSink{s: emit.NewStream(cfg.Stdout, cfg.Tables)}, nil
	}
	w, err := emit.CreateWith(cfg.Out, emit.Options{Formats: cfg.Formats, Tables: cfg.Tables,
		Version: cfg.Version, ContractVersion: cfg.ContractVersion})
	if err != nil {
		return nil, err
	}
	return &flatSink{w: w}, nil
}

// flatSink is a flat output: one file per table type, input order.
type flatSink struct{ w *emit.Writer }

func (f *flatSink) recovered() []string                          { return f.w.Recovered() }
func (f *flatSink) known(Config) knownFunc                       { return nil }
func (f *flatSink) ordered() bool                                { return true }
func (f *flatSink) write(res *model.Result, _ emit.Source) error { return f.w.WriteResult(res) }
func (f *flatSink) note(is *model.Issue) error                   { return f.w.WriteIssue(is) }
func (f *flatSink) close() error                                 { return f.w.Close() }
func (f *flatSink) interrupted()                                 { f.w.Abort() }
func (f *flatSink) abort()                                       { f.w.Abort() }

// streamSink writes records as JSON lines as documents finish.
type streamSink struct{ s *emit.Stream }

func (s *streamSink) recovered() []string                          { return nil }
func (s *streamSink) known(Config) knownFunc                       { return nil }
func (s *streamSink) ordered() bool                                { return false }
func (s *streamSink) write(res *model.Result, _ emit.Source) error { return s.s.WriteResult(res) }
func (s *streamSink) note(*model.Issue) error                      { return nil }
func (s *streamSink) close() error                                 { return s.s.Flush() }
func (s *streamSink) interrupted()                                 { s.s.Flush() }
func (s *streamSink) abort()                                       {}

// datasetSink adds to a dataset, in batches.
type datasetSink struct {
	ds      *emit.Dataset
	b       *emit.Batch
	started time.Time
	cfg     Config
}

func openDataset(cfg Config) (*datasetSink, error) {
	ds, err := emit.Open(cfg.Out, emit.DatasetOptions{Formats: cfg.Formats, Tables: cfg.Tables,
		Version: cfg.Version, ContractVersion: cfg.ContractVersion})
	if err != nil {
		return nil, err
	}
	if cfg.BatchDocs <= 0 {
		cfg.BatchDocs = 200
	}
	if cfg.BatchEvery <= 0 {
		cfg.BatchEvery = 30 * time.Second
	}
	if cfg.CompactParts <= 0 {
		cfg.CompactParts = 4
	}
	return &datasetSink{ds: ds, cfg: cfg}, nil
}

func (d *datasetSink) recovered() []string { return d.ds.Recovered() }
func (d *datasetSink) ordered() bool       { return false }

func (d *datasetSink) known(cfg Config) knownFunc {
	if cfg.Force {
		return nil
	}
	return func(source string, size, mtime int64, docID string) string {
		var e emit.DocEntry
		var ok bool
		if docID == "" {
			e, ok = d.ds.Known(source, size, mtime)
		} else {
			e, ok = d.ds.Lookup(docID)
		}
		if !ok || e.Version != cfg.Version || e.Status == string(model.StatusFailed) {
			return ""
		}
		if docID == "" {
			return "unchanged since it was read (budgetx " + e.Version + ")"
		}
		if e.SourceFile != source {
			return "already in the dataset, as " + e.SourceFile
		}
		return "already in the dataset (budgetx " + e.Version + ")"
	}
}

func (d *datasetSink) batch() (*emit.Batch, error) {
	if d.b == nil {
		b, err := d.ds.Begin()
		if err != nil {
			return nil, err
		}
		d.b, d.started = b, time.Now()
	}
	return d.b, nil
}

func (d *datasetSink) write(res *model.Result, src emit.Source) error {
	b, err := d.batch()
	if err != nil {
		return err
	}
	if err := b.WriteResult(res, src); err != nil {
		return err
	}
	if b.Documents() >= d.cfg.BatchDocs || time.Since(d.started) >= d.cfg.BatchEvery {
		return d.commit()
	}
	return nil
}

func (d *datasetSink) note(is *model.Issue) error {
	b, err := d.batch()
	if err != nil {
		return err
	}
	return b.Note(is)
}

func (d *datasetSink) commit() error {
	if d.b == nil {
		return nil
	}
	b := d.b
	d.b = nil
	return b.Commit()
}

func (d *datasetSink) close() error {
	if err := d.commit(); err != nil {
		d.ds.Release()
		return err
	}
	if _, err := d.ds.Compact(d.cfg.CompactParts); err != nil {
		d.ds.Release()
		return err
	}
	return d.ds.Close()
}

// interrupted drops the batch being written and keeps the committed ones
// (the index says what they hold).
func (d *datasetSink) interrupted() {
	if d.b != nil {
		d.b.Abort()
		d.b = nil
	}
	d.ds.Close()
}

func (d *datasetSink) abort() { d.interrupted() }
