// Command gencorpus writes a synthetic meeting journal for benchmarks:
//
//	go run ./generator/internal/corpus/gencorpus -notes 10000 -out /tmp/journal
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/recapjournal/recap/generator/internal/corpus"
)

func main() {
	notes := flag.Int("notes", 1000, "how many notes")
	out := flag.String("out", "", "the site folder to write (required)")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -out is required")
		os.Exit(2)
	}
	if err := corpus.Write(*out, *notes, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
