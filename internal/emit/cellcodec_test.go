package emit

import (
	"errors"
	"io"
	"math/rand"
	"reflect"
	"testing"

	"github.com/budgetx/budgetx/model"
)

// randomRows returns n rows of t's fields: nulls, repeated and new
// strings, numbers of every size, spend plans empty and not.
func randomRows(t *table, rng *rand.Rand, n int) [][]cell {
	strs := []string{"", "a", "衡水市生态环境局", "doc-1", "一、一般公共服务支出"}
	nums := []int64{0, 1, -1, 1 << 40, -(1 << 62), 2946250000}
	rows := make([][]cell, n)
	for r := range rows {
		row := make([]cell, len(t.fields))
		for i, f := range t.fields {
			if f.Optional && rng.Intn(4) == 0 {
				row[i] = cell{null: true}
				continue
			}
			switch f.Kind {
			case model.KindString:
				row[i].str = strs[rng.Intn(len(strs))]
			case model.KindSpendPlan:
				for range rng.Intn(3) {
					row[i].plan = append(row[i].plan, point{checkpoint: strs[rng.Intn(len(strs))],
						month: int32(rng.Intn(13)), pct: nums[rng.Intn(len(nums))], pctNull: rng.Intn(2) == 0})
				}
			case model.KindBool:
				row[i].num = int64(rng.Intn(2))
			default:
				row[i].num = nums[rng.Intn(len(nums))]
			}
		}
		rows[r] = row
	}
	return rows
}

// The rows of every table type read back as they were staged.
func TestCellCodecRoundTrip(t *testing.T) {
	tabs, err := tables()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	var e cellEncoder
	var d cellDecoder
	for _, tt := range model.TableTypes {
		tab := tabs[tt]
		for _, n := range []int{0, 1, 7, 300} {
			rows := randomRows(tab, rng, n)
			e.reset(tab)
			for _, r := range rows {
				e.add(r)
			}
			frame := e.frame(nil)
			var got [][]cell
			err := d.rows(tab, frame, func(cells []cell) error {
				got = append(got, append([]cell(nil), cells...))
				return nil
			})
			if err != nil {
				t.Fatalf("%s, %d rows: %v", tt, n, err)
			}
			if len(got) != len(rows) {
				t.Fatalf("%s: %d rows read back, want %d", tt, len(got), len(rows))
			}
			for i := range rows {
				if !reflect.DeepEqual(got[i], rows[i]) {
					t.Fatalf("%s row %d:\n got %+v\nwant %+v", tt, i, got[i], rows[i])
				}
			}
		}
	}
}

// Any prefix or corruption of a frame is an error or rows, never a panic,
// and a cut frame is an error.
func TestCellCodecMalformed(t *testing.T) {
	tabs, _ := tables()
	tab := tabs[model.TableTypes[0]]
	var e cellEncoder
	e.reset(tab)
	for _, r := range randomRows(tab, rand.New(rand.NewSource(2)), 20) {
		e.add(r)
	}
	frame := e.frame(nil)
	var d cellDecoder
	for i := range frame {
		if err := d.rows(tab, frame[:i], func([]cell) error { return nil }); err == nil {
			t.Fatalf("a frame cut to %d of %d bytes read without an error", i, len(frame))
		} else if !errors.Is(err, errCells) {
			t.Fatalf("cut to %d: %v, not errCells", i, err)
		}
	}
	rng := rand.New(rand.NewSource(3))
	for range 2000 {
		b := append([]byte(nil), frame...)
		b[rng.Intn(len(b))] = byte(rng.Intn(256))
		_ = d.rows(tab, b, func([]cell) error { return nil })
	}
}

func FuzzCellDecoder(f *testing.F) {
	tabs, _ := tables()
	tab := tabs[model.TableTypes[0]]
	var e cellEncoder
	e.reset(tab)
	for _, r := range randomRows(tab, rand.New(rand.NewSource(4)), 3) {
		e.add(r)
	}
	f.Add(e.frame(nil))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var d cellDecoder
		_ = d.rows(tab, b, func([]cell) error { return nil })
	})
}

// directRow gives, for every table type without a spend plan, the values
// the schema's Deconstruct gives for the row's struct.
func TestDirectRow(t *testing.T) {
	tabs, err := tables()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(5))
	flat := 0
	for _, tt := range model.TableTypes {
		tab := tabs[tt]
		s, err := newPQSink(tab, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if !s.flat {
			continue
		}
		flat++
		for _, cells := range randomRows(tab, rng, 200) {
			want := tab.pq.schema.Deconstruct(nil, s.structRow(cells))
			got := directRow(tab, cells, nil)
			if !got.Equal(want) {
				t.Fatalf("%s:\n got %v\nwant %v", tt, got, want)
			}
			for j := range got {
				if got[j].Column() != want[j].Column() {
					t.Fatalf("%s: value %d in column %d, want %d", tt, j, got[j].Column(), want[j].Column())
				}
			}
		}
	}
	if flat == 0 {
		t.Fatal("no table type without a spend plan")
	}
}
