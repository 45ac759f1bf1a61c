// Command shot takes a screenshot of a page of budgetx's report in
// headless Chromium, scrolled to an element: a way to look at the report
// as a person would.
//
//	go run ./cmd/shot [-w 1400] [-h 1000] [-at 'CSS selector'] [-o shot.png] FILE
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	w := flag.Int("w", 1400, "viewport width")
	h := flag.Int("h", 1000, "viewport height")
	at := flag.String("at", "", "CSS selector of the element to scroll to the top")
	out := flag.String("o", "shot.png", "output PNG")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: shot [-w W] [-h H] [-at SELECTOR] [-o PNG] FILE")
		os.Exit(2)
	}
	if err := shot(flag.Arg(0), *at, *out, *w, *h); err != nil {
		fmt.Fprintln(os.Stderr, "shot:", err)
		os.Exit(1)
	}
}

func shot(file, at, out string, w, h int) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	exe := os.Getenv("BUDGETX_CHROMIUM")
	if exe == "" {
		if exe, err = exec.LookPath("chromium"); err != nil {
			return err
		}
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0], chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts, chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.WindowSize(w, h), chromedp.Flag("hide-scrollbars", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate((&url.URL{Scheme: "file", Path: abs}).String())); err != nil {
		return err
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].loadEventEnd`))
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: loaded in %.0f ms\n", file, ms)
	if at != "" {
		js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.scrollIntoView(); return true })()`, at)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no element %s", at)
		}
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	return os.WriteFile(out, buf, 0o644)
}
