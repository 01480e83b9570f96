// Command floor is the lower bound recap's build is compared with: it reads
// every note under a content folder, converts it with goldmark's GFM, and
// writes the HTML to out/PATH/index.html, with one worker per CPU. It does
// nothing else (no front matter, no index, no templates).
//
//	go run ./bench/floor -content /tmp/journal/content -out /tmp/floor-out
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	content := flag.String("content", "content", "the notes")
	out := flag.String("out", "floor-out", "where to write")
	flag.Parse()
	var files []string
	_ = filepath.WalkDir(*content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	var wg sync.WaitGroup
	next := make(chan string)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range next {
				src, err := os.ReadFile(p)
				if err != nil {
					panic(err)
				}
				buf.Reset()
				if err := md.Convert(src, &buf); err != nil {
					panic(err)
				}
				rel, _ := filepath.Rel(*content, p)
				dst := filepath.Join(*out, strings.TrimSuffix(rel, ".md"), "index.html")
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					panic(err)
				}
				if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
					panic(err)
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	fmt.Printf("floor: %d notes\n", len(files))
}
