package pdf

import (
	"fmt"
	"regexp"

	lpdf "github.com/budgetx/budgetx/internal/third_party/pdf"

	"github.com/budgetx/budgetx/model"
)

// maxTreeDepth bounds the depth of the page tree.
const maxTreeDepth = 256

// collectPages walks the page tree once and keeps the page dictionaries
// in order. A /Pages node met again below itself is a cycle; the tree
// may have at most lim.Pages pages (and twice as many nodes). /Count is
// not trusted: the walk counts.
func (r *Reader) collectPages() error {
	root := r.r.Trailer().Key("Root")
	if root.Kind() != lpdf.Dict {
		return fileErr("no document catalog (/Root)")
	}
	top := root.Key("Pages")
	nodes := 0
	var ancestors []string // printed forms of the /Pages nodes above
	var walk func(node lpdf.Value, ref string) error
	walk = func(node lpdf.Value, ref string) error {
		key := node.String()
		for _, a := range ancestors {
			if a == key {
				return cycleErr("page tree: cycle at object %s: a /Pages node is its own descendant", ref)
			}
		}
		if len(ancestors) >= maxTreeDepth {
			return fileErr("page tree: more than %d levels deep", maxTreeDepth)
		}
		ancestors = append(ancestors, key)
		defer func() { ancestors = ancestors[:len(ancestors)-1] }()
		kids := node.Key("Kids")
		refs := printedRefs(kids)
		for i := 0; i < kids.Len(); i++ {
			if nodes++; nodes > 2*r.lim.Pages+1024 {
				return fmt.Errorf("%w: the page tree has more than %d nodes", model.ErrLimit, 2*r.lim.Pages+1024)
			}
			kid := kids.Index(i)
			kref := "in /Kids"
			if i < len(refs) && refs[i] != "" {
				kref = refs[i]
			}
			switch pageKind(kid) {
			case "Pages":
				if err := walk(kid, kref); err != nil {
					return err
				}
			case "Page":
				if len(r.pages) >= r.lim.Pages {
					return fmt.Errorf("%w: the page tree has more than the limit of %d pages (its /Count says %d)",
						model.ErrLimit, r.lim.Pages, top.Key("Count").Int64())
				}
				r.pages = append(r.pages, kid)
			}
		}
		return nil
	}
	switch pageKind(top) {
	case "Pages":
		if err := walk(top, printedRefOf(root, "Pages")); err != nil {
			return err
		}
	case "Page": // a lone page as the root of the tree
		r.pages = append(r.pages, top)
	}
	if len(r.pages) == 0 {
		return fileErr("no pages")
	}
	return nil
}

// pageKind returns "Pages" for an inner node of the page tree, "Page"
// for a page, "" for anything else: the /Type, or if it is missing,
// whether there are /Kids.
func pageKind(v lpdf.Value) string {
	if v.Kind() != lpdf.Dict {
		return ""
	}
	switch t := v.Key("Type").Name(); t {
	case "Pages", "Page":
		return t
	case "":
		if v.Key("Kids").Kind() == lpdf.Array {
			return "Pages"
		}
		return "Page"
	}
	return ""
}

// printedRefs returns the references of an array of references as
// printed ("3 0 R"), or nil if it is not one. The library keeps object
// numbers to itself; its printed form shows them.
func printedRefs(arr lpdf.Value) []string {
	if arr.Kind() != lpdf.Array {
		return nil
	}
	s := arr.String()
	if !refArrayRE.MatchString(s) {
		return nil
	}
	return refRE.FindAllString(s, -1)
}

var (
	refArrayRE = regexp.MustCompile(`^\[(\d+ \d+ R ?)*\]$`)
	refRE      = regexp.MustCompile(`\d+ \d+ R`)
)

// printedRefOf returns the reference that dictionary d has under key, as
// printed, or "its /key" if it cannot tell.
func printedRefOf(d lpdf.Value, key string) string {
	re := regexp.MustCompile(`(?:^<<|[ <])/` + regexp.QuoteMeta(key) + ` (\d+ \d+ R)`)
	if m := re.FindStringSubmatch(d.String()); m != nil {
		return m[1]
	}
	return "its /" + key
}
