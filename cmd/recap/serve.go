package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/serve"
	"github.com/recapjournal/recap/generator/watch"
)

func init() {
	register(&command{
		name: "serve", short: "build, watch and serve the journal with live reload",
		long: `Serve builds the journal, serves it on http://127.0.0.1:1313 and rebuilds it
whenever a note, config.toml or the theme changes. Open pages reload by
themselves after each rebuild; a broken note keeps the last good version and
shows the error (path:line:col: message) over the page until it is fixed. If
the first build fails, every page is an error page that lists the problems
and turns into the journal by itself as soon as the notes are fixed.

Only the pages that an edit affects are rebuilt. The server answers only
requests for localhost, serves only files in the output folder, and stops
cleanly on Ctrl-C.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			o.extra["port"] = fs.Int("port", 1313, "listen on this `PORT`")
			o.extra["bind"] = fs.String("bind", "127.0.0.1", "listen on this `ADDRESS`; anything but loopback exposes your journal to the network")
			o.extra["poll"] = fs.Bool("poll", false, "poll for changes instead of using inotify (for network folders, or when inotify watches run out)")
			fs.StringVar(&o.out, "o", "", "write the output to `DIR` instead of publishDir")
		},
		run: func(e *env, o *opts, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			return watchAndMaybeServe(e, o, true)
		},
	})
}

// watchAndMaybeServe runs `build --watch` (serving false) or `serve`.
func watchAndMaybeServe(e *env, o *opts, serving bool) error {
	cfg, err := config.LoadDir(o.site)
	if err != nil {
		return err
	}
	now, err := e.nowTime(o, cfg.Location)
	if err != nil {
		return err
	}
	opt := build.Options{Root: o.site, Drafts: o.drafts, OutDir: o.out}
	if o.now != "" || e.getenv("RECAP_NOW") != "" {
		opt.Now = now
	}
	b := build.NewBuilder(opt)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var srv *serve.Server
	built := false // a build succeeded: there is a good version to keep
	report := func(res *build.Result, err error) {
		if err != nil {
			var lines []string
			for _, d := range diag.From("", err) {
				lines = append(lines, d.Error())
			}
			msg := strings.Join(lines, "\n")
			if built || !serving {
				fmt.Fprintf(e.stderr, "%s\nrecap: build failed; the last good version stays in place\n", msg)
			} else {
				fmt.Fprintf(e.stderr, "%s\nrecap: build failed; the journal appears as soon as the notes are fixed\n", msg)
			}
			if srv != nil {
				srv.Failed(msg)
			}
			return
		}
		built = true
		for _, w := range res.Warnings {
			fmt.Fprintln(e.stderr, w.Error())
		}
		fmt.Fprintf(e.stdout, "recap: %s\n", res.Summary())
		if srv != nil {
			srv.Reloaded()
		}
	}
	out := cfg.PublishPath(o.site)
	if o.out != "" {
		out = o.out
	}
	var port *int
	var bind *string
	if serving {
		// The server exists before the first build, so a note that breaks it
		// shows its error from the start: as an error page that reloads by
		// itself once the notes are fixed, since there is no good version yet.
		port, bind = o.extra["port"].(*int), o.extra["bind"].(*string)
		srv = serve.New(out, *bind)
	}
	res, err := b.Full()
	report(res, err)
	if serving {
		if !serve.IsLoopback(*bind) {
			fmt.Fprintf(e.stderr, "recap: WARNING: binding to %s makes your private journal reachable from other machines that address it as %s\n", *bind, *bind)
		}
		addr := net.JoinHostPort(*bind, strconv.Itoa(*port))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", addr, err)
		}
		hs := srv.HTTPServer()
		go func() {
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				fmt.Fprintf(e.stderr, "recap: %v\n", err)
				stop()
			}
		}()
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_ = hs.Shutdown(sctx)
		}()
		host := *bind
		if host == "127.0.0.1" || host == "::1" {
			host = "localhost"
		}
		fmt.Fprintf(e.stdout, "recap: serving %s on http://%s/ (Ctrl-C to stop)\n", out, net.JoinHostPort(host, strconv.Itoa(*port)))
	} else {
		fmt.Fprintf(e.stdout, "recap: watching %s for changes (Ctrl-C to stop)\n", o.site)
	}
	skip := outputSkipper(o.site, out)
	poll := time.Duration(0)
	if p, _ := o.extra["poll"].(*bool); p != nil && *p {
		poll = 300 * time.Millisecond
	}
	err = watch.Run(ctx, watch.Options{
		Root: o.site, Skip: skip, Poll: poll,
		OnChange: func(paths []string) { report(b.Update(paths)) },
		OnError:  func(err error) { fmt.Fprintf(e.stderr, "recap: %v\n", err) },
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "recap: stopped")
	return nil
}

// outputSkipper returns a Skip function for the watcher that leaves out the
// output folder and the build's staging folders beside it.
func outputSkipper(root, out string) func(string) bool {
	absRoot, _ := filepath.Abs(root)
	absOut, _ := filepath.Abs(out)
	rel, err := filepath.Rel(absRoot, absOut)
	if err != nil || strings.HasPrefix(rel, "..") {
		return func(string) bool { return false }
	}
	rel = filepath.ToSlash(rel)
	base := filepath.Base(absOut)
	return func(p string) bool {
		if p == rel || strings.HasPrefix(p, rel+"/") {
			return true
		}
		b := filepath.Base(p)
		return strings.HasPrefix(b, "."+base+".recap-new")
	}
}
