package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveBuf is an io.Writer that the command writes to while the test reads.
type serveBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *serveBuf) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *serveBuf) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

const serveConfig = `title = "Serve end to end"
timezone = "UTC"

[people.sam]
name = "Sam Rivera"

[people.dev]
name = "Dev Patel"
`

const serveNotePath = "content/2026/2026-11-17-dev.md"

// servePageURL is the page of the note at serveNotePath.
const servePageURL = "/2026/2026-11-17-dev/"

func serveNote(body string) string {
	return "+++\ntitle = \"1:1 Dev\"\ndate = 2026-11-17T14:30:00Z\nattendees = [\"sam\", \"dev\"]\nreviewed = 2026-11-18\n+++\n\n" + body + "\n"
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// runningServe is `recap serve` running in this process.
type runningServe struct {
	t              *testing.T
	site, base     string
	stdout, stderr *serveBuf
	done           chan struct{} // closed when run returned
	code           int           // what run returned, once done is closed
	sig            chan os.Signal
}

// startServe runs `recap serve` on a new site until it answers HTTP.
func startServe(t *testing.T) *runningServe {
	t.Helper()
	return startServeWith(t, serveNote("First version of the note."), http.StatusOK)
}

// startServeWith runs `recap serve` on a new site whose note at
// serveNotePath is note, until GET / answers with status ready.
//
// The command stops on SIGINT through signal.NotifyContext. The test sends
// SIGINT to its own process to stop it; it registers for SIGINT itself first,
// so that the signal never falls through to the default action (exit) even
// before the command registered or after it stopped listening.
func startServeWith(t *testing.T, note string, ready int) *runningServe {
	t.Helper()
	s := &runningServe{t: t, site: t.TempDir(), stdout: &serveBuf{}, stderr: &serveBuf{}, done: make(chan struct{}),
		sig: make(chan os.Signal, 4)}
	signal.Notify(s.sig, os.Interrupt)
	t.Cleanup(func() { signal.Stop(s.sig) })
	for name, data := range map[string]string{"config.toml": serveConfig, serveNotePath: note} {
		p := filepath.Join(s.site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	port := freePort(t)
	s.base = fmt.Sprintf("http://127.0.0.1:%d", port)
	e := &env{stdout: s.stdout, stderr: s.stderr, getenv: func(string) string { return "" }}
	go func() {
		s.code = run([]string{"serve", "-s", s.site, "--port", fmt.Sprint(port), "--now", "2026-11-24"}, e)
		close(s.done)
	}()
	t.Cleanup(func() {
		// Stop the command if the test did not.
		select {
		case <-s.done:
		default:
			s.stop()
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-s.done:
			t.Fatalf("recap serve exited with %d before serving\nstdout:\n%s\nstderr:\n%s", s.code, s.stdout, s.stderr)
		default:
		}
		resp, err := http.Get(s.base + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == ready {
				return s
			}
			err = fmt.Errorf("status %d, want %d", resp.StatusCode, ready)
		}
		if time.Now().After(deadline) {
			t.Fatalf("recap serve did not answer on %s: %v\nstdout:\n%s\nstderr:\n%s", s.base, err, s.stdout, s.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop sends SIGINT and waits for the command to return; it returns the exit
// status and how long stopping took.
func (s *runningServe) stop() (int, time.Duration) {
	s.t.Helper()
	start := time.Now()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		s.t.Fatal(err)
	}
	select {
	case <-s.done:
		return s.code, time.Since(start)
	case <-time.After(15 * time.Second):
		s.t.Fatalf("recap serve did not stop on SIGINT\nstdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
	}
	return -1, 0
}

// write replaces a note as an editor's atomic save does (a temporary file
// renamed over it), so that the watcher never sees it empty: an empty note
// dated by its file name is a good note, and would be published.
func (s *runningServe) write(rel, data string) {
	s.t.Helper()
	p := filepath.Join(s.site, filepath.FromSlash(rel))
	tmp := filepath.Join(filepath.Dir(p), ".#"+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		s.t.Fatal(err)
	}
}

func (s *runningServe) get(path string) (int, string) {
	s.t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// serveEvent is one server-sent event; data is the error message its JSON
// data holds ("" when the build succeeded).
type serveEvent struct{ name, data string }

// events subscribes to the live-reload stream; it returns once the server
// sent its opening comment (so the subscription is registered) and a func
// that closes the stream.
func (s *runningServe) events() (<-chan serveEvent, func()) {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/__recap/events", nil)
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		s.t.Fatal(err)
	}
	closeFn := func() { cancel(); resp.Body.Close() }
	s.t.Cleanup(closeFn)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("GET /__recap/events: status %d", resp.StatusCode)
	}
	out := make(chan serveEvent, 16)
	opened := make(chan struct{})
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		sc.Split(scanEventLines)
		var ev serveEvent
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name == ":" {
					close(opened)
				} else if ev.name != "" {
					var st struct{ Error string }
					if err := json.Unmarshal([]byte(strings.Join(data, "\n")), &st); err != nil {
						s.t.Errorf("event %q: data %q is not JSON: %v", ev.name, data, err)
					}
					ev.data = st.Error
					out <- ev
				}
				ev, data = serveEvent{}, nil
			case strings.HasPrefix(line, ":"):
				ev.name = ":"
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	select {
	case <-opened:
	case <-time.After(10 * time.Second):
		s.t.Fatal("the event stream did not open")
	}
	return out, closeFn
}

// scanEventLines splits an event stream into lines as a browser does: a
// line ends at CRLF, at LF, or at CR alone.
func scanEventLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	for i, c := range data {
		switch c {
		case '\n':
			return i + 1, data[:i], nil
		case '\r':
			if i+1 == len(data) && !atEOF {
				return 0, nil, nil // CRLF or CR alone: wait for the next byte
			}
			if i+1 < len(data) && data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// waitEvent waits for the next event named name, skipping others.
func (s *runningServe) waitEvent(events <-chan serveEvent, name string) serveEvent {
	s.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				s.t.Fatalf("the event stream ended before %q", name)
			}
			if ev.name == name {
				return ev
			}
		case <-deadline:
			s.t.Fatalf("no %q event within 10s\nstdout:\n%s\nstderr:\n%s", name, s.stdout, s.stderr)
		}
	}
}

// waitPage polls the page until it contains text.
func (s *runningServe) waitPage(path, text string) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := s.get(path)
		if code == http.StatusOK && strings.Contains(body, text) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("GET %s: status %d, no %q within 10s\nstderr:\n%s", path, code, text, s.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServeEndToEnd runs the real `recap serve`: it edits a note and sees the
// reload event and the new page over HTTP, breaks the note and sees the error
// event while the last good page stays, fixes it, and stops on SIGINT.
func TestServeEndToEnd(t *testing.T) {
	s := startServe(t)
	if code, body := s.get(servePageURL); code != http.StatusOK || !strings.Contains(body, "First version of the note.") {
		t.Fatalf("GET %s: status %d, want the first version", servePageURL, code)
	}
	if _, body := s.get(servePageURL); !strings.Contains(body, "data-recap-live") {
		t.Errorf("the served page has no live-reload script")
	}
	events, closeEvents := s.events()

	// An edit: a reload event, and the new text over HTTP.
	s.write(serveNotePath, serveNote("Second version, edited while serving."))
	s.waitEvent(events, "reload")
	s.waitPage(servePageURL, "Second version, edited while serving.")

	// A broken note: an error event naming it; the last good page stays.
	s.write(serveNotePath, "+++\ntitle = \"1:1 Dev\ndate = 2026-11-17\n+++\nBroken version.\n")
	ev := s.waitEvent(events, "error")
	if !strings.Contains(ev.data, "2026-11-17-dev.md:2:") {
		t.Errorf("the error event does not name the note and line: %q", ev.data)
	}
	if _, body := s.get(servePageURL); !strings.Contains(body, "Second version, edited while serving.") || strings.Contains(body, "Broken version.") {
		t.Errorf("after a failed build the page is not the last good version")
	}
	// A page opened now hears about the error at once.
	late, closeLate := s.events()
	if ev := s.waitEvent(late, "error"); !strings.Contains(ev.data, "2026-11-17-dev.md:2:") {
		t.Errorf("a new page got the error %q", ev.data)
	}

	// Fixed: reload, and the fixed text.
	s.write(serveNotePath, serveNote("Third version, fixed."))
	s.waitEvent(events, "reload")
	s.waitEvent(late, "reload")
	s.waitPage(servePageURL, "Third version, fixed.")

	// The output folder inside the site does not feed back into the watcher:
	// once the builds for the edit are done, no more events.
	for quiet := false; !quiet; {
		select {
		case <-events:
		case <-time.After(500 * time.Millisecond):
			quiet = true
		}
	}
	select {
	case ev := <-events:
		t.Errorf("an event after the build settled: %+v (the output folder feeds back?)", ev)
	case <-time.After(time.Second):
	}

	closeEvents()
	closeLate()
	code, took := s.stop()
	if code != 0 {
		t.Errorf("recap serve exited with %d\nstderr:\n%s", code, s.stderr)
	}
	t.Logf("recap serve stopped %v after SIGINT", took.Round(time.Millisecond))
	out := s.stdout.String()
	for _, want := range []string{"recap: serving ", "http://localhost:", "recap: built ", "recap: stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(s.stderr.String(), "build failed; the last good version stays in place") {
		t.Errorf("stderr does not report the failed build:\n%s", s.stderr)
	}
	if _, err := http.Get(s.base + "/"); err == nil {
		t.Errorf("the server still answers after recap serve returned")
	}
}

// TestServeFirstBuildBroken starts `recap serve` with a broken note, so that
// the first build fails and there is no output folder: every page is an
// error page naming the problem, never a 404. Fixing the note (an editor's
// atomic save) reloads the open page, and the URL serves the journal.
func TestServeFirstBuildBroken(t *testing.T) {
	s := startServeWith(t, "+++\ntitle = \n+++\nBroken from the start.\n", http.StatusServiceUnavailable)
	where := regexp.MustCompile(`content/2026/2026-11-17-dev\.md:2:\d+: \S`)
	for _, path := range []string{"/", servePageURL, "/no/such/page/"} {
		code, body := s.get(path)
		if code != http.StatusServiceUnavailable {
			t.Errorf("GET %s: status %d, want 503 (the error page)", path, code)
		}
		if !where.MatchString(body) {
			t.Errorf("GET %s: the page does not name the note as path:line:col:\n%s", path, body)
		}
		if !strings.Contains(body, "as soon as the notes are fixed") || !strings.Contains(body, "/__recap/events") {
			t.Errorf("GET %s: not the self-reloading error page:\n%s", path, body)
		}
		if strings.Contains(body, "http:") || strings.Contains(body, "https:") || strings.Contains(body, "//") {
			t.Errorf("GET %s: the error page refers to another machine:\n%s", path, body)
		}
	}
	if !strings.Contains(s.stderr.String(), "build failed; the journal appears as soon as the notes are fixed") {
		t.Errorf("stderr does not report the failed first build:\n%s", s.stderr)
	}
	events, closeEvents := s.events()
	if ev := s.waitEvent(events, "error"); !where.MatchString(ev.data) {
		t.Errorf("the error event does not name the note: %q", ev.data)
	}

	// Fixed: the open page reloads, and the URLs serve the journal.
	s.write(serveNotePath, serveNote("Fixed at last."))
	s.waitEvent(events, "reload")
	code, body := s.get("/")
	if code != http.StatusOK || !strings.Contains(body, "Serve end to end") || strings.Contains(body, "could not be built") {
		t.Errorf("after the fix, GET /: status %d, not the home page:\n%s", code, body)
	}
	if code, body := s.get(servePageURL); code != http.StatusOK || !strings.Contains(body, "Fixed at last.") {
		t.Errorf("after the fix, GET %s: status %d, not the note:\n%s", servePageURL, code, body)
	}
	if code, body := s.get("/no/such/page/"); code != http.StatusNotFound || !strings.Contains(body, "Page not found") {
		t.Errorf("after the fix, a missing page: status %d, not the site's 404", code)
	}

	// Broken again: now the last good version stays, with the error over it.
	s.write(serveNotePath, "+++\ntitle = \n+++\nBroken again.\n")
	s.waitEvent(events, "error")
	if code, body := s.get(servePageURL); code != http.StatusOK || !strings.Contains(body, "Fixed at last.") || strings.Contains(body, "Broken again.") {
		t.Errorf("after a later failure, GET %s: status %d, not the last good version", servePageURL, code)
	}
	if !strings.Contains(s.stderr.String(), "build failed; the last good version stays in place") {
		t.Errorf("stderr does not report the later failed build:\n%s", s.stderr)
	}

	closeEvents()
	if code, _ := s.stop(); code != 0 {
		t.Errorf("recap serve exited with %d\nstderr:\n%s", code, s.stderr)
	}
}

// TestServeStopsWithPageOpen stops `recap serve` while a page listens for
// live reloads, as a browser tab does.
func TestServeStopsWithPageOpen(t *testing.T) {
	s := startServe(t)
	s.events()
	code, took := s.stop()
	if code != 0 {
		t.Errorf("recap serve exited with %d\nstderr:\n%s", code, s.stderr)
	}
	if took > 2*time.Second {
		t.Errorf("recap serve took %v to stop with a page open", took.Round(time.Millisecond))
	}
}

func TestOutputSkipper(t *testing.T) {
	root := t.TempDir()
	skip := outputSkipper(root, filepath.Join(root, "public"))
	for p, want := range map[string]bool{
		"public":                   true,
		"public/index.html":        true,
		"public/2026/x/index.html": true,
		".public.recap-new":        true,
		".public.recap-new.old":    true,
		"publicity":                false,
		"content/public":           false,
		"content/2026/x.md":        false,
		"config.toml":              false,
		"themes/default/layouts/x": false,
	} {
		if got := skip(p); got != want {
			t.Errorf("inside the root: skip(%q) = %v, want %v", p, got, want)
		}
	}
	nested := outputSkipper(root, filepath.Join(root, "build", "site"))
	for p, want := range map[string]bool{"build/site": true, "build/site/a.html": true, "build": false, "build/.site.recap-new": true, "site": false} {
		if got := nested(p); got != want {
			t.Errorf("nested output: skip(%q) = %v, want %v", p, got, want)
		}
	}
	outside := outputSkipper(root, filepath.Join(t.TempDir(), "public"))
	for _, p := range []string{"public", "content/2026/x.md", "config.toml"} {
		if outside(p) {
			t.Errorf("output outside the root: skip(%q) = true", p)
		}
	}
	// A relative site root, as with the default -s ".".
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel := outputSkipper(".", filepath.Join(wd, "public"))
	if !rel("public/index.html") || rel("content/x.md") {
		t.Errorf("relative root: public/index.html skipped %v, content/x.md skipped %v", rel("public/index.html"), rel("content/x.md"))
	}
}

// TestServeErrorWithLineBreaks: a broken note whose file name holds a
// carriage return and a line feed. Its error reaches an open page as one
// event that names the file, and no reload.
func TestServeErrorWithLineBreaks(t *testing.T) {
	s := startServe(t)
	events, closeEvents := s.events()
	defer closeEvents()
	s.waitEvent(events, "state")
	name := "content/2026/2026-11-20-a\rb\nc.md"
	s.write(name, "+++\ntitle = \n+++\nBroken.\n")
	ev := s.waitEvent(events, "error")
	t.Logf("error event: %q", ev.data)
	if !strings.Contains(ev.data, "2026-11-20-a\rb\nc.md") && !strings.Contains(ev.data, `2026-11-20-a\rb\nc.md`) {
		t.Errorf("the error event does not name the note: %q", ev.data)
	}
	// Fixed: one reload.
	s.write(name, serveNote("Fixed."))
	s.waitEvent(events, "reload")
}
