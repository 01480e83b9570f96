package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/serve"
)

const secret = "TOP SECRET: outside the output folder"

const siteConfig = `title = "Serve test"
timezone = "UTC"

[people.sam]
name = "Sam Rivera"

[people.dev]
name = "Dev Patel"
`

const meetingNote = `+++
title = "1:1 Dev"
date = 2026-11-17T14:30:00Z
attendees = ["sam", "dev"]
reviewed = 2026-11-18
+++

We talked about the promotion packet.
`

// meetingURL is the page of meetingNote.
const meetingURL = "/2026/2026-11-17-dev/"

// builtSite builds a small site and decorates its output with the files the
// tests need. It returns the site root and the output folder.
func builtSite(t *testing.T) (root, out string) {
	t.Helper()
	root = t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, rel string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
	write("config.toml", siteConfig)
	write("content/2026/2026-11-17-dev.md", meetingNote)
	res, err := build.Build(build.Options{Root: root, Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	out = res.Out

	// Secrets beside the output folder.
	write("x", secret)
	write("secret.txt", secret)
	write("outside/file.txt", secret)
	write("outside/index.html", "<html><body>"+secret+"</body></html>")
	// Files of every type the server names.
	write("public/data.json", `{"ok": true}`)
	write("public/calendar.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	write("public/.git/HEAD", "ref: refs/heads/main\n")
	write("public/.env", "TOKEN=secret\n")
	write("public/empty/readme.txt", "a folder without index.html")
	// Links out of the folder, and links within it.
	link(filepath.Join(root, "secret.txt"), "public/leak.txt")
	link("../secret.txt", "public/leak-relative.txt")
	link(filepath.Join(root, "outside"), "public/leakdir")
	if err := os.MkdirAll(filepath.Join(out, "evil"), 0o755); err != nil {
		t.Fatal(err)
	}
	link(filepath.Join(root, "outside", "index.html"), "public/evil/index.html")
	link("index.html", "public/home.html")
	link("2026/2026-11-17-dev", "public/alias")
	return root, out
}

// newServer serves a built site through httptest.
func newServer(t *testing.T) (srv *serve.Server, ts *httptest.Server, out string) {
	t.Helper()
	_, out = builtSite(t)
	srv = serve.New(out, "127.0.0.1")
	ts = httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts, out
}

// rawResponse is one response to a request sent byte for byte.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// raw sends a request line and Host header exactly as given, so that the
// client does not clean or escape the path.
func raw(t *testing.T, ts *httptest.Server, method, target, host string) rawResponse {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", method, target, host); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, target, err)
	}
	return rawResponse{resp.StatusCode, resp.Header, string(body)}
}

func get(t *testing.T, ts *httptest.Server, target string) rawResponse {
	t.Helper()
	return raw(t, ts, http.MethodGet, target, "127.0.0.1")
}

func TestTraversalRefused(t *testing.T) {
	_, ts, _ := newServer(t)
	for _, target := range []string{
		"/../x",
		"/../secret.txt",
		"/%2e%2e/x",
		"/%2E%2E/secret.txt",
		"/.%2e/x",
		"/2026/../../x",
		"/./../x",
		"/a%2f..%2f..%2fx",
		"/..%2fx",
		"/..%2Fsecret.txt",
		"/..\\x",
		"/2026\\..\\..\\x",
		"/%5c..%5cx",
		"/..%5csecret.txt",
		"/index.html%00",
		"/%00",
		"/x%00.html",
		"/../outside/file.txt",
	} {
		r := get(t, ts, target)
		if r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 400 or 404", target, r.status)
		}
		if strings.Contains(r.body, secret) {
			t.Errorf("GET %s: served a file outside the output folder", target)
		}
	}
}

func TestDotfilesNotFound(t *testing.T) {
	_, ts, _ := newServer(t)
	for _, target := range []string{"/.recap-manifest.json", "/.git/HEAD", "/.git/", "/.git", "/.env", "/assets/.recap-manifest.json", "/%2egit/HEAD"} {
		r := get(t, ts, target)
		if r.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, r.status)
		}
		if strings.Contains(r.body, "refs/heads") || strings.Contains(r.body, `"files"`) || strings.Contains(r.body, "TOKEN") {
			t.Errorf("GET %s: served a dotfile:\n%s", target, r.body)
		}
	}
}

func TestSymlinks(t *testing.T) {
	_, ts, _ := newServer(t)
	for _, target := range []string{"/leak.txt", "/leak-relative.txt", "/leakdir/file.txt", "/leakdir/", "/leakdir/index.html", "/evil/", "/evil/index.html"} {
		r := get(t, ts, target)
		if r.status != http.StatusNotFound {
			t.Errorf("GET %s (a link out of the folder): status %d, want 404", target, r.status)
		}
		if strings.Contains(r.body, secret) {
			t.Errorf("GET %s: served a file outside the output folder", target)
		}
	}
	// Links that stay inside the folder work.
	if r := get(t, ts, "/home.html"); r.status != http.StatusOK || !strings.Contains(r.body, "Serve test") {
		t.Errorf("GET /home.html (a link to index.html): status %d", r.status)
	}
	if r := get(t, ts, "/alias/"); r.status != http.StatusOK || !strings.Contains(r.body, "promotion packet") {
		t.Errorf("GET /alias/ (a link to a meeting folder): status %d", r.status)
	}
}

func TestFolders(t *testing.T) {
	_, ts, _ := newServer(t)
	// No listings: a folder without index.html is the 404 page.
	for _, target := range []string{"/2026/", "/empty/", "/assets/"} {
		r := get(t, ts, target)
		if r.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, r.status)
		}
		if !strings.Contains(r.body, "Page not found") {
			t.Errorf("GET %s: not the site's 404 page:\n%s", target, r.body)
		}
		if strings.Contains(r.body, "readme.txt") || strings.Contains(r.body, "recap.css\"") && strings.Contains(r.body, "<pre>") {
			t.Errorf("GET %s: looks like a listing:\n%s", target, r.body)
		}
	}
	// A folder without its slash redirects to it.
	for _, c := range []struct{ target, location string }{
		{"/archive", "/archive/"},
		{"/2026/2026-11-17-dev", "/2026/2026-11-17-dev/"},
		{"/2026", "/2026/"},
	} {
		r := get(t, ts, c.target)
		if r.status != http.StatusMovedPermanently {
			t.Errorf("GET %s: status %d, want 301", c.target, r.status)
		}
		if got := r.header.Get("Location"); got != c.location {
			t.Errorf("GET %s: Location %q, want %q", c.target, got, c.location)
		}
	}
	// A folder with its slash serves its index.html.
	r := get(t, ts, meetingURL)
	if r.status != http.StatusOK || !strings.Contains(r.body, "promotion packet") {
		t.Errorf("GET %s: status %d, want the meeting page", meetingURL, r.status)
	}
}

func TestFolderRedirectStaysOnSite(t *testing.T) {
	_, ts, _ := newServer(t)
	for _, target := range []string{"//archive", "//2026", "///archive"} {
		r := get(t, ts, target)
		loc := r.header.Get("Location")
		if r.status == http.StatusMovedPermanently && (strings.HasPrefix(loc, "//") || strings.Contains(loc, "://")) {
			t.Errorf("GET %s: redirects off the site to %q", target, loc)
		}
	}
}

func TestContentTypes(t *testing.T) {
	_, ts, _ := newServer(t)
	for _, c := range []struct{ target, mediaType string }{
		{"/index.html", "text/html"},
		{"/", "text/html"},
		{meetingURL, "text/html"},
		{"/assets/recap.css", "text/css"},
		{"/assets/recap.js", "text/javascript"},
		{"/assets/favicon.svg", "image/svg+xml"},
		{"/data.json", "application/json"},
		{"/calendar.ics", "text/calendar"},
		{"/robots.txt", "text/plain"},
	} {
		r := get(t, ts, c.target)
		if r.status != http.StatusOK {
			t.Errorf("GET %s: status %d", c.target, r.status)
			continue
		}
		mt, _, err := mime.ParseMediaType(r.header.Get("Content-Type"))
		if err != nil || mt != c.mediaType {
			t.Errorf("GET %s: Content-Type %q, want %s", c.target, r.header.Get("Content-Type"), c.mediaType)
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", c.target, got)
		}
	}
}

func TestNotFoundPage(t *testing.T) {
	_, ts, out := newServer(t)
	page, err := os.ReadFile(filepath.Join(out, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, ts, "/no-such-page")
	if r.status != http.StatusNotFound {
		t.Errorf("status %d, want 404", r.status)
	}
	if !strings.Contains(r.body, "Page not found") || !strings.HasPrefix(r.body, string(page[:100])) {
		t.Errorf("the body is not the site's 404 page:\n%s", r.body)
	}
	if mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); mt != "text/html" {
		t.Errorf("Content-Type %q, want text/html", r.header.Get("Content-Type"))
	}

	// Without a 404.html, a plain 404.
	if err := os.Remove(filepath.Join(out, "404.html")); err != nil {
		t.Fatal(err)
	}
	if r := get(t, ts, "/no/such/page/"); r.status != http.StatusNotFound {
		t.Errorf("without 404.html: status %d, want 404", r.status)
	}
}

// TestNotFoundAtAnyDepth: the 404 page, written for the site's root, keeps
// its style and links under a nested URL: its relative links start at "/".
func TestNotFoundAtAnyDepth(t *testing.T) {
	_, ts, out := newServer(t)
	page := `<!doctype html><html><head><link rel="stylesheet" href="assets/recap.css"></head>` +
		`<body><a href="#main">Skip</a><a href="index.html">Home</a><a href="https://example.com/x">x</a>` +
		`<a href="/people/">p</a><img src="assets/favicon.svg" alt=""><main id="main">Page not found</main></body></html>`
	if err := os.WriteFile(filepath.Join(out, "404.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		target string
		want   []string
	}{
		{"/nope", []string{`href="assets/recap.css"`, `href="index.html"`}},
		{"/no/such/page/", []string{`href="/assets/recap.css"`, `href="/index.html"`, `src="/assets/favicon.svg"`, `href="#main"`, `href="https://example.com/x"`, `href="/people/"`}},
		{"/2026/2026-11-20-gone/index.html", []string{`href="/assets/recap.css"`, `href="#main"`}},
	} {
		r := get(t, ts, tc.target)
		if r.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", tc.target, r.status)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("GET %s: no %s in\n%s", tc.target, w, r.body)
			}
		}
	}
}

func TestHostHeader(t *testing.T) {
	_, ts, _ := newServer(t)
	for _, host := range []string{"localhost", "127.0.0.1", "[::1]", "localhost:1313", "127.0.0.1:1313", "[::1]:1313", "LocalHost:1313"} {
		r := raw(t, ts, http.MethodGet, "/", host)
		if r.status != http.StatusOK {
			t.Errorf("Host %s: status %d, want 200", host, r.status)
		}
	}
	for _, host := range []string{"evil.example.com", "127.0.0.1.nip.io", "evil.example.com:1313", "localhost.evil.example.com", "0.0.0.0", "192.168.1.10", "[::2]"} {
		for _, target := range []string{"/", meetingURL, "/__recap/events"} {
			r := raw(t, ts, http.MethodGet, target, host)
			if r.status != http.StatusForbidden {
				t.Errorf("Host %s, GET %s: status %d, want 403", host, target, r.status)
			}
			if strings.Contains(r.body, "promotion packet") || strings.Contains(r.body, "Serve test") {
				t.Errorf("Host %s, GET %s: served the journal", host, target)
			}
		}
	}
}

func TestBindAddressAndAllowHost(t *testing.T) {
	_, out := builtSite(t)
	srv := serve.New(out, "192.168.1.10")
	srv.AllowHost("Journal.Local")
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for host, want := range map[string]int{
		"192.168.1.10:1313":   http.StatusOK,
		"journal.local":       http.StatusOK,
		"localhost":           http.StatusOK,
		"evil.example.com":    http.StatusForbidden,
		"192.168.1.10.nip.io": http.StatusForbidden,
	} {
		if r := raw(t, ts, http.MethodGet, "/", host); r.status != want {
			t.Errorf("bind 192.168.1.10, Host %s: status %d, want %d", host, r.status, want)
		}
	}
	// Binding to every address does not make every Host acceptable.
	srv = serve.New(out, "0.0.0.0")
	ts2 := httptest.NewServer(srv)
	defer ts2.Close()
	if r := raw(t, ts2, http.MethodGet, "/", "0.0.0.0"); r.status != http.StatusForbidden {
		t.Errorf("bind 0.0.0.0, Host 0.0.0.0: status %d, want 403", r.status)
	}
}

func TestIsLoopback(t *testing.T) {
	for bind, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.0.0.2": true, "::1": true,
		"0.0.0.0": false, "::": false, "192.168.1.10": false, "example.com": false, "": false,
	} {
		if got := serve.IsLoopback(bind); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", bind, got, want)
		}
	}
}

func TestMethods(t *testing.T) {
	_, ts, _ := newServer(t)
	get := raw(t, ts, http.MethodGet, "/index.html", "localhost")
	head := raw(t, ts, http.MethodHead, "/index.html", "localhost")
	if head.status != http.StatusOK {
		t.Errorf("HEAD: status %d, want 200", head.status)
	}
	if head.body != "" {
		t.Errorf("HEAD: a body of %d bytes", len(head.body))
	}
	if got, want := head.header.Get("Content-Length"), fmt.Sprint(len(get.body)); got != want {
		t.Errorf("HEAD: Content-Length %s, want %s (that of GET)", got, want)
	}
	if head.header.Get("Content-Type") != get.header.Get("Content-Type") {
		t.Errorf("HEAD: Content-Type %q, GET: %q", head.header.Get("Content-Type"), get.header.Get("Content-Type"))
	}
	if r := raw(t, ts, http.MethodHead, "/nope", "localhost"); r.status != http.StatusNotFound || r.body != "" {
		t.Errorf("HEAD /nope: status %d with %d bytes, want 404 without a body", r.status, len(r.body))
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "PROPFIND"} {
		r := raw(t, ts, m, "/index.html", "localhost")
		if r.status != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, r.status)
		}
		if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "HEAD") {
			t.Errorf("%s: Allow %q, want GET and HEAD", m, allow)
		}
	}
	// POST through a real client too.
	resp, err := ts.Client().Post(ts.URL+"/index.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

func TestLiveReloadScriptInjected(t *testing.T) {
	_, ts, out := newServer(t)
	for _, c := range []struct{ target, file string }{
		{"/", "index.html"},
		{meetingURL, "2026/2026-11-17-dev/index.html"},
		{"/no/such/page", "404.html"},
	} {
		r := get(t, ts, c.target)
		if !strings.Contains(r.body, "data-recap-live") || !strings.Contains(r.body, "/__recap/events") {
			t.Errorf("GET %s: no live-reload script", c.target)
		}
		if i, j := strings.Index(r.body, "data-recap-live"), strings.LastIndex(r.body, "</body>"); j < 0 || i > j {
			t.Errorf("GET %s: the script is not before </body>", c.target)
		}
		if strings.Count(r.body, "data-recap-live") != 1 {
			t.Errorf("GET %s: %d live-reload scripts, want 1", c.target, strings.Count(r.body, "data-recap-live"))
		}
		disk, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(c.file)))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(disk), "data-recap-live") || strings.Contains(string(disk), "__recap") {
			t.Errorf("%s on disk contains the live-reload script", c.file)
		}
		if got, want := r.header.Get("Content-Length"), fmt.Sprint(len(r.body)); got != want {
			t.Errorf("GET %s: Content-Length %s, body %s bytes", c.target, got, want)
		}
	}
	// Other types are served as they are.
	r := get(t, ts, "/assets/recap.js")
	disk, err := os.ReadFile(filepath.Join(out, "assets", "recap.js"))
	if err != nil {
		t.Fatal(err)
	}
	if r.body != string(disk) {
		t.Errorf("GET /assets/recap.js differs from the file on disk")
	}
}

// sseEvent is one server-sent event; comments come as name ":". Its data is
// the server's state in JSON.
type sseEvent struct {
	name, data string
	state      liveState
}

// liveState is the JSON data of an event.
type liveState struct {
	Run     int64  `json:"run"`
	Version int    `json:"version"`
	Error   string `json:"error"`
}

// subscribe opens /__recap/events and returns its events. It returns once
// the server sent its first comment, so the subscription is registered.
func subscribe(t *testing.T, ts *httptest.Server, host string) <-chan sseEvent {
	t.Helper()
	return subscribeTo(t, ts, "/__recap/events", host)
}

// subscribeTo is subscribe with the events URL a page uses, such as
// /__recap/events?since=3.
func subscribeTo(t *testing.T, ts *httptest.Server, target, host string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /__recap/events: status %d", resp.StatusCode)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		t.Errorf("GET /__recap/events: Content-Type %q", resp.Header.Get("Content-Type"))
	}
	events := make(chan sseEvent, 16)
	go func() {
		defer close(events)
		readEvents(bufio.NewReader(resp.Body), events)
	}()
	if ev := next(t, events); ev.name != ":" {
		t.Fatalf("the stream did not start with a comment: %+v", ev)
	}
	return events
}

// readEvents parses an event stream as a browser does: a line ends at CR,
// LF or CRLF, and an empty line ends an event. A comment is sent as an event
// named ":"; the data of other events is decoded into their state.
func readEvents(r *bufio.Reader, events chan<- sseEvent) {
	var ev sseEvent
	var data []string
	var line []byte
	for {
		b, err := r.ReadByte()
		if err != nil {
			return
		}
		if b != '\r' && b != '\n' {
			line = append(line, b)
			continue
		}
		if b == '\r' {
			if nb, err := r.Peek(1); err == nil && nb[0] == '\n' {
				_, _ = r.ReadByte()
			}
		}
		l := string(line)
		line = line[:0]
		field, value, _ := strings.Cut(l, ":")
		value = strings.TrimPrefix(value, " ")
		switch {
		case l == "":
			if ev.name == ":" {
				events <- ev
			} else if ev.name != "" || data != nil {
				if ev.name == "" {
					ev.name = "message"
				}
				ev.data = strings.Join(data, "\n")
				_ = json.Unmarshal([]byte(ev.data), &ev.state)
				events <- ev
			}
			ev, data = sseEvent{}, nil
		case field == "":
			ev.name = ":"
		case field == "event":
			ev.name = value
		case field == "data":
			data = append(data, value)
		}
	}
}

func next(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return sseEvent{}
}

// noEvent checks that nothing arrives for a short while.
func noEvent(t *testing.T, events <-chan sseEvent) {
	t.Helper()
	select {
	case ev := <-events:
		t.Errorf("unexpected event %+v", ev)
	case <-time.After(200 * time.Millisecond):
	}
}

// want checks that ev is the event name with the given error in its state,
// and returns its state.
func want(t *testing.T, ev sseEvent, name, msg string) liveState {
	t.Helper()
	if ev.name != name || ev.state.Error != msg || ev.state.Run == 0 {
		t.Errorf("event %q with %q, want %q with error %q", ev.name, ev.data, name, msg)
	}
	return ev.state
}

func TestEvents(t *testing.T) {
	srv, ts, _ := newServer(t)
	a := subscribe(t, ts, "")
	b := subscribe(t, ts, "localhost:1313")
	// The stream opens with the state, then waits.
	first := want(t, next(t, a), "state", "")
	want(t, next(t, b), "state", "")
	noEvent(t, a)

	srv.Reloaded()
	for _, events := range []<-chan sseEvent{a, b} {
		if st := want(t, next(t, events), "reload", ""); st.Version != first.Version+1 || st.Run != first.Run {
			t.Errorf("after Reloaded: state %+v, want version %d of run %d", st, first.Version+1, first.Run)
		}
	}

	msg := "content/2026/2026-11-17-dev.md:3:8: date: want a date such as 2026-11-24\nsecond line of the message"
	srv.Failed(msg)
	for _, events := range []<-chan sseEvent{a, b} {
		want(t, next(t, events), "error", msg)
	}
	// A page opened while the build is broken hears about it at once.
	c := subscribe(t, ts, "")
	want(t, next(t, c), "error", msg)

	// Fixed: everyone reloads, and a new page hears of no error.
	srv.Reloaded()
	for _, events := range []<-chan sseEvent{a, b, c} {
		want(t, next(t, events), "reload", "")
	}
	d := subscribe(t, ts, "")
	want(t, next(t, d), "state", "")
	noEvent(t, d)
	srv.Reloaded()
	want(t, next(t, d), "reload", "")
}

// TestEventsLineBreaks: an error message with carriage returns and line
// feeds in it (a note's file name may hold them) arrives as one event whose
// data decodes to the message, whichever line ending a browser reads.
func TestEventsLineBreaks(t *testing.T) {
	srv, ts, _ := newServer(t)
	for _, msg := range []string{
		"content/a\rb.md:1:1: toml: expected key",
		"content/a\rb.md:1:1: first\ncontent/c\r\nd.md:2:1: second\r\n\r\nevent: reload\rdata: x\n\n",
		"\r\r\n\n\x00\u2028\u2029\xff trailing CR\r",
	} {
		srv.Failed(msg)
		events := subscribe(t, ts, "")
		ev := next(t, events)
		if ev.name != "error" || !strings.Contains(ev.data, `"error"`) {
			t.Errorf("Failed(%q): event %q with %q, want one error event", msg, ev.name, ev.data)
		}
		// Invalid UTF-8 arrives as U+FFFD, as JSON has it.
		if want := strings.ToValidUTF8(msg, "\uFFFD"); ev.state.Error != want {
			t.Errorf("Failed(%q): the event's message is %q", msg, ev.state.Error)
		}
		noEvent(t, events)
		// A page that was already listening gets the same.
		srv.Failed(msg + "!")
		if ev := next(t, events); ev.name != "error" || ev.state.Error != strings.ToValidUTF8(msg+"!", "\uFFFD") {
			t.Errorf("Failed(%q) on an open stream: event %q with %q", msg+"!", ev.name, ev.data)
		}
		noEvent(t, events)
	}
}

// pageVersion is the run and version in a served page's live-reload script.
var pageVersion = regexp.MustCompile(`\{run:(\d+),version:(\d+)\}`)

// pageEventsURL is the events URL the page's script subscribes to when it
// holds a stream of its own.
func pageEventsURL(t *testing.T, body string) string {
	t.Helper()
	m := pageVersion.FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, `"/__recap/events?since="+me.version`) {
		t.Fatalf("no events URL with the page's version in:\n%s", body)
	}
	return "/__recap/events?since=" + m[2]
}

// brokenMsg is what serve passes to Failed for two broken notes; the first
// has HTML in it, which the error page must show as text.
const brokenMsg = "content/2026/2026-11-17-dev.md:2:9: title: want a string, not <script>alert(1)</script> & co\n" +
	"content/2026/2026-11-18-sam.md:4:1: date: \"2026-13-01\" is not a date"

// checkErrorPage checks that r is the error page for brokenMsg.
func checkErrorPage(t *testing.T, target string, r rawResponse) {
	t.Helper()
	if r.status != http.StatusServiceUnavailable {
		t.Errorf("GET %s: status %d, want 503", target, r.status)
	}
	if mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); mt != "text/html" {
		t.Errorf("GET %s: Content-Type %q, want text/html", target, r.header.Get("Content-Type"))
	}
	for _, want := range []string{
		"<li>content/2026/2026-11-17-dev.md:2:9: title: want a string, not &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</li>",
		"<li>content/2026/2026-11-18-sam.md:4:1: date: &#34;2026-13-01&#34; is not a date</li>",
		"as soon as the notes are fixed",
		"data-recap-live",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("GET %s: the error page lacks %q:\n%s", target, want, r.body)
		}
	}
	if strings.Contains(r.body, "<script>alert") {
		t.Errorf("GET %s: the message is not escaped:\n%s", target, r.body)
	}
	// Nothing from another machine: no absolute or protocol-relative URL.
	for _, bad := range []string{"http:", "https:", "//", "@import", "url("} {
		if strings.Contains(r.body, bad) {
			t.Errorf("GET %s: the error page contains %q:\n%s", target, bad, r.body)
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("GET %s: Content-Security-Policy %q", target, csp)
	}
	if got, want := r.header.Get("Content-Length"), fmt.Sprint(len(r.body)); got != want {
		t.Errorf("GET %s: Content-Length %s, body %s bytes", target, got, want)
	}
}

// TestFirstBuildFailedNoOutput: serve started, the first build failed and
// there is no output folder at all. Every page is the error page, never a 404.
func TestFirstBuildFailedNoOutput(t *testing.T) {
	srv := serve.New(filepath.Join(t.TempDir(), "public"), "127.0.0.1")
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.Failed(brokenMsg)
	for _, target := range []string{"/", meetingURL, "/2026/2026-11-17-dev", "/no/such/page/", "/index.html", "/assets/recap.css", "/.env"} {
		checkErrorPage(t, target, get(t, ts, target))
	}
	if r := raw(t, ts, http.MethodHead, "/", "127.0.0.1"); r.status != http.StatusServiceUnavailable || r.body != "" {
		t.Errorf("HEAD /: status %d, body %q; want 503 and no body", r.status, r.body)
	}
	// What stays refused is still refused.
	if r := raw(t, ts, http.MethodGet, "/", "evil.example"); r.status != http.StatusForbidden {
		t.Errorf("another Host: status %d, want 403", r.status)
	}
	if r := raw(t, ts, http.MethodGet, "/../x", "127.0.0.1"); r.status != http.StatusBadRequest {
		t.Errorf("GET /../x: status %d, want 400", r.status)
	}
	// The page's script hears the problems at once, and new ones as they come.
	events := subscribeTo(t, ts, pageEventsURL(t, get(t, ts, "/").body), "")
	want(t, next(t, events), "error", brokenMsg)
	other := "content/2026/2026-11-17-dev.md:3:1: something else"
	srv.Failed(other)
	want(t, next(t, events), "error", other)
	if r := get(t, ts, "/"); r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "<li>"+other+"</li>") || strings.Contains(r.body, "2026-11-18-sam.md") {
		t.Errorf("after another failed build, GET /: status %d, not the new error:\n%s", r.status, r.body)
	}
}

// TestFirstBuildFailedThenFixed: the first build failed (an old output
// folder, from an earlier run, is not shown as if it were good); the fix
// reloads the error page, which then serves the real page at its URL and the
// site's 404; a later failure keeps the last good version with the overlay.
func TestFirstBuildFailedThenFixed(t *testing.T) {
	_, out := builtSite(t)
	srv := serve.New(out, "127.0.0.1")
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.Failed(brokenMsg)
	page := get(t, ts, meetingURL)
	checkErrorPage(t, meetingURL, page)
	if strings.Contains(page.body, "promotion packet") {
		t.Errorf("before a good build, the old output is shown")
	}
	checkErrorPage(t, "/no/such/page/", get(t, ts, "/no/such/page/"))
	pageEvents := pageEventsURL(t, page.body)
	events := subscribeTo(t, ts, pageEvents, "")
	want(t, next(t, events), "error", brokenMsg)

	// The fix: the open error page reloads, and the URL it asked for is now
	// the real page.
	srv.Reloaded()
	want(t, next(t, events), "reload", "")
	if r := get(t, ts, meetingURL); r.status != http.StatusOK || !strings.Contains(r.body, "promotion packet") || strings.Contains(r.body, "could not be built") {
		t.Errorf("after the fix, GET %s: status %d, not the meeting page:\n%s", meetingURL, r.status, r.body)
	}
	if r := get(t, ts, "/no/such/page/"); r.status != http.StatusNotFound || !strings.Contains(r.body, "Page not found") {
		t.Errorf("after the fix, a missing page: status %d, not the site's 404", r.status)
	}
	// An error page whose script subscribes only after the fix (the build
	// ended between serving it and its subscription) reloads too.
	want(t, next(t, subscribeTo(t, ts, pageEvents, "")), "reload", "")
	// A page served now, at the current version, gets its state and nothing
	// more until the next build.
	current := subscribeTo(t, ts, pageEventsURL(t, get(t, ts, "/").body), "")
	want(t, next(t, current), "state", "")
	noEvent(t, current)

	// A later failure: the last good version stays, with the overlay.
	srv.Failed(brokenMsg)
	want(t, next(t, current), "error", brokenMsg)
	r := get(t, ts, meetingURL)
	if r.status != http.StatusOK || !strings.Contains(r.body, "promotion packet") || strings.Contains(r.body, "could not be built") {
		t.Errorf("after a later failure, GET %s: status %d, not the last good version:\n%s", meetingURL, r.status, r.body)
	}
	if !strings.Contains(r.body, "showing the last good version") {
		t.Errorf("after a later failure, the page has no error overlay script")
	}
	if r := get(t, ts, "/no/such/page/"); r.status != http.StatusNotFound {
		t.Errorf("after a later failure, a missing page: status %d, want 404", r.status)
	}
}

// newTimedServer serves a built site through the http.Server that
// HTTPServer makes, after set changed its timeouts.
func newTimedServer(t *testing.T, set func(*serve.Server)) (*serve.Server, *httptest.Server) {
	t.Helper()
	_, out := builtSite(t)
	srv := serve.New(out, "127.0.0.1")
	set(srv)
	ts := httptest.NewUnstartedServer(srv)
	ts.Config = srv.HTTPServer()
	ts.Start()
	t.Cleanup(ts.Close)
	return srv, ts
}

// closedByServer reads from conn until the server closes it. It fails the
// test when the connection is still open after a deadline that only guards
// against a hang.
func closedByServer(t *testing.T, conn net.Conn, r *bufio.Reader, what string) {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err := io.Copy(io.Discard, r)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Errorf("%s: the server did not close the connection", what)
	} else if err != nil && !strings.Contains(err.Error(), "reset") {
		t.Errorf("%s: %v", what, err)
	}
}

// TestIdleConnectionClosed: a keep-alive connection that sends no other
// request is closed after IdleTimeout, rather than held forever.
func TestIdleConnectionClosed(t *testing.T) {
	_, ts := newTimedServer(t, func(s *serve.Server) { s.IdleTimeout = 100 * time.Millisecond })
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	for i := range 2 { // the timeout starts again after each request
		if _, err := fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(r, &http.Request{Method: http.MethodGet})
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || resp.Close {
			t.Fatalf("request %d: status %d, close %v, %v", i+1, resp.StatusCode, resp.Close, err)
		}
	}
	closedByServer(t, conn, r, "an idle keep-alive connection")
}

// TestSlowHeaderClosed: a client that never finishes its request's header
// is cut off after ReadHeaderTimeout.
func TestSlowHeaderClosed(t *testing.T) {
	_, ts := newTimedServer(t, func(s *serve.Server) { s.ReadHeaderTimeout = 100 * time.Millisecond })
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"); err != nil {
		t.Fatal(err)
	}
	closedByServer(t, conn, bufio.NewReader(conn), "a request whose header never ends")
}

// TestEventsOutliveTimeouts: the event stream is a response that never
// ends: the read and write timeouts of the server do not cut it.
func TestEventsOutliveTimeouts(t *testing.T) {
	const short = 50 * time.Millisecond
	srv, ts := newTimedServer(t, func(s *serve.Server) {
		s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout = short, short, short, short
	})
	events := subscribe(t, ts, "")
	want(t, next(t, events), "state", "")
	for range 2 {
		time.Sleep(4 * short) // longer than every timeout: no event in between
		srv.Reloaded()
		want(t, next(t, events), "reload", "")
	}
	srv.Failed("content/a.md:1:1: broken")
	want(t, next(t, events), "error", "content/a.md:1:1: broken")
}

// TestLiveReloadWorker: the SharedWorker that holds the tabs' one stream is
// served as a script, even before a build succeeded, and the error page may
// start it.
func TestLiveReloadWorker(t *testing.T) {
	srv, ts, _ := newServer(t)
	for range 2 {
		r := get(t, ts, "/__recap/live.js")
		if mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); r.status != http.StatusOK || mt != "text/javascript" {
			t.Errorf("GET /__recap/live.js: status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
		}
		if !strings.Contains(r.body, "onconnect") || !strings.Contains(r.body, `new EventSource("/__recap/events")`) {
			t.Errorf("GET /__recap/live.js: not the worker:\n%s", r.body)
		}
		srv.Failed(brokenMsg)
	}
	page := get(t, ts, "/")
	if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "worker-src 'self'") {
		t.Errorf("the error page's Content-Security-Policy %q does not allow the worker", csp)
	}
	if !strings.Contains(page.body, `new SharedWorker("/__recap/live.js"`) {
		t.Errorf("the error page does not start the worker")
	}
}
