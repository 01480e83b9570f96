package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/config"
)

func init() {
	register(&command{
		name: "build", short: "build the journal into publishDir (default public/)",
		long: `Build renders every meeting, person, tag, series, action and review page of
the site into publishDir (default public/), then swaps the new output in
atomically: a build that fails leaves the previous output as it was. Files
that recap wrote before and no longer writes are removed; other files in the
output folder (.git, CNAME, a README) are kept, and recap refuses a build
that would replace one of them. The output folder keeps its mode and owner.
When it is a mount point (a Docker volume, another disk), where it cannot be
swapped, recap publishes in place, file by file and the manifest last, and
says so.

Open public/index.html in a browser, or serve the folder with any static server.
A bad note is reported as path:line:col: message, with every bad note listed.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.BoolVar(&o.verbose, "v", false, "list every file of the output")
			fs.StringVar(&o.out, "o", "", "write the output to `DIR` instead of publishDir")
			o.extra["watch"] = fs.Bool("watch", false, "keep running and rebuild whenever the site changes")
			o.extra["poll"] = fs.Bool("poll", false, "with --watch: poll for changes instead of using inotify")
		},
		run: func(e *env, o *opts, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if w, _ := o.extra["watch"].(*bool); w != nil && *w {
				return watchAndMaybeServe(e, o, false)
			}
			cfg, err := config.LoadDir(o.site)
			if err != nil {
				return err
			}
			now, err := e.nowTime(o, cfg.Location)
			if err != nil {
				return err
			}
			res, err := build.Build(build.Options{Root: o.site, Now: now, Drafts: o.drafts, OutDir: o.out, Loaded: boundHeap, StateDir: stateDir()})
			if err != nil {
				return err
			}
			for _, w := range res.Warnings {
				fmt.Fprintln(e.stderr, w.Error())
			}
			if o.verbose {
				for _, p := range res.Paths {
					fmt.Fprintln(e.stdout, p)
				}
			}
			fmt.Fprintf(e.stdout, "recap: %s → %s\n", res.Summary(), res.Out)
			return nil
		},
	})
}

// boundHeap caps the heap of a build at 2.2 times the loaded journal's. Go's
// default (GOGC=100) lets the garbage of rendering grow the heap to twice
// what is live at each collection, and what is live while pages render is
// the journal plus the files in flight; the cap keeps a 10,000-note build
// near 220 MB rather than 330, for about 10% more time. GOMEMLIMIT, when set,
// wins.
func boundHeap() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC() // the journal alone: what the parse left is garbage now
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if live := s[0].Value.Uint64(); live > 0 {
		debug.SetMemoryLimit(int64(float64(live) * 2.2))
	}
}

// stateDir is where `recap build` remembers its last build, so that a build
// with nothing changed does nothing: recap's folder in the user's cache
// folder, or nowhere when there is none.
func stateDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "recap")
}
