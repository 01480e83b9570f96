// Package serve is `recap serve`: a small HTTP server for the output folder,
// with live reload.
//
// It serves only files under the output folder. Requests with "..", encoded
// slashes or backslashes, dotfiles, and symbolic links that lead out of the
// folder are refused; folders are never listed (a folder serves its
// index.html or 404). Only requests whose Host is localhost, 127.0.0.1, [::1]
// or the bound address are answered, so a web page cannot reach the journal
// through DNS rebinding. HTML responses get a small script, injected at
// serving time and never written to disk, that listens on /__recap/events
// (server-sent events): it reloads the page after a rebuild and shows build
// errors as an overlay until they are fixed.
//
// Until a build succeeds, there is no good version to show: after a failed
// first build (Failed before any Reloaded), every page is an error page
// (status 503) that lists the problems and reloads itself, at the URL that
// was asked for, as soon as a build succeeds. The error page is made here,
// needs nothing from the output folder and loads nothing from elsewhere.
package serve

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Server serves one output folder.
type Server struct {
	dir   string
	hosts map[string]bool

	mu      sync.Mutex
	version int    // counts the builds reported; pages are served with it
	errMsg  string // the last build's error; "" when it succeeded
	built   bool   // a build succeeded since the server started
	subs    map[chan struct{}]bool
	closing chan struct{}
	closed  bool
}

// Close ends the open event streams, so that a server shutdown does not wait
// for the browser tabs to disconnect (register it with http.Server.RegisterOnShutdown).
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.closing)
	}
}

// New returns a server for dir that answers requests for the given bind
// address (besides the loopback names).
func New(dir, bind string) *Server {
	s := &Server{dir: dir, subs: map[chan struct{}]bool{}, closing: make(chan struct{}),
		hosts: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	if bind != "" && bind != "0.0.0.0" && bind != "::" {
		s.hosts[strings.ToLower(bind)] = true
	}
	return s
}

// AllowHost answers requests for another host name too. Call it before the
// server handles requests.
func (s *Server) AllowHost(h string) { s.hosts[strings.ToLower(h)] = true }

// Reloaded tells open pages that a build succeeded.
func (s *Server) Reloaded() {
	s.mu.Lock()
	s.version++
	s.errMsg = ""
	s.built = true
	s.notify()
	s.mu.Unlock()
}

// Failed tells open pages that a build failed, with the message to show:
// one problem a line, as path:line:col: message. Before any build succeeded,
// every page is an error page with the message.
func (s *Server) Failed(msg string) {
	s.mu.Lock()
	s.version++
	s.errMsg = msg
	s.notify()
	s.mu.Unlock()
}

// state returns the version to serve pages with, and the error to show
// instead of them when no build has succeeded yet.
func (s *Server) state() (version int, unbuilt string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.built {
		unbuilt = s.errMsg
	}
	return s.version, unbuilt
}

func (s *Server) notify() {
	for c := range s.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// IsLoopback reports whether a bind address only listens on this machine.
func IsLoopback(bind string) bool {
	if bind == "localhost" {
		return true
	}
	ip := net.ParseIP(bind)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	if !s.hosts[host] {
		http.Error(w, "recap serve answers only requests for localhost (Host "+r.Host+" refused)", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-cache")
	raw := r.URL.EscapedPath()
	switch raw {
	case "/__recap/events":
		s.events(w, r)
		return
	}
	low := strings.ToLower(raw)
	if strings.Contains(low, "%2f") || strings.Contains(low, "%5c") || strings.Contains(raw, "\\") || strings.Contains(low, "%00") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	p := r.URL.Path
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		if strings.HasPrefix(seg, ".") {
			s.notFound(w, r)
			return
		}
	}
	if v, msg := s.state(); msg != "" {
		s.errorPage(w, r, v, msg)
		return
	}
	clean := path.Clean("/" + p)
	full := filepath.Join(s.dir, filepath.FromSlash(clean))
	if !s.inside(full) {
		s.notFound(w, r)
		return
	}
	st, err := os.Stat(full)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if st.IsDir() {
		if !strings.HasSuffix(p, "/") {
			// From the cleaned path: "//archive" must not redirect off the site.
			target := (&url.URL{Path: strings.TrimRight(clean, "/") + "/"}).EscapedPath()
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		if st, err = os.Stat(full); err != nil || st.IsDir() || !s.inside(full) {
			s.notFound(w, r)
			return
		}
	}
	s.file(w, r, full, http.StatusOK)
}

// inside reports whether p, with symbolic links resolved, is in the folder.
func (s *Server) inside(p string) bool {
	root, err := filepath.EvalSymlinks(s.dir)
	if err != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		real = p // a missing file: the caller's Stat fails next
	}
	rel, err := filepath.Rel(root, real)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if v, msg := s.state(); msg != "" {
		s.errorPage(w, r, v, msg)
		return
	}
	p := filepath.Join(s.dir, "404.html")
	if _, err := os.Stat(p); err == nil {
		s.file(w, r, p, http.StatusNotFound)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

func (s *Server) file(w http.ResponseWriter, r *http.Request, p string, code int) {
	v, _ := s.state() // before reading: a build in between costs a reload, not a stale page
	data, err := os.ReadFile(p)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	ct := mime.TypeByExtension(filepath.Ext(p))
	switch strings.ToLower(filepath.Ext(p)) {
	case ".html":
		ct = "text/html; charset=utf-8"
		data = inject(data, v)
	case ".ics":
		ct = "text/calendar; charset=utf-8"
	case ".md":
		ct = "text/markdown; charset=utf-8"
	case ".js":
		ct = "text/javascript; charset=utf-8"
	}
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// reloadScript is injected into served HTML pages only. The %d is the
// version the page was served at: the event stream tells the page to reload
// at once if a build finished before it subscribed.
const reloadScript = `<script data-recap-live>(function(){
var es=new EventSource("/__recap/events?since=%d"),box=null;
function show(m){if(!box){box=document.createElement("div");box.setAttribute("role","alert");box.style.cssText="position:fixed;inset:auto 1rem 1rem 1rem;z-index:99;background:#2b0b0e;color:#ffd8d8;font:13px/1.5 ui-monospace,monospace;padding:1rem 1.2rem;border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.4);white-space:pre-wrap;max-height:50vh;overflow:auto";document.body.appendChild(box)}box.textContent="recap: the last build failed; showing the last good version.\n\n"+m}
es.addEventListener("reload",function(){location.reload()});
es.addEventListener("error",function(e){if(e.data)show(e.data)});
})();</script>`

func inject(page []byte, version int) []byte {
	script := fmt.Sprintf(reloadScript, version)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, script...)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// errorPage answers any page while no build has succeeded: it lists the
// problems, and reloads itself when a build succeeds (or lists the new
// problems when one fails again). Inline style and script only, and a
// Content-Security-Policy that lets it talk to this server alone.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, version int, msg string) {
	var items strings.Builder
	for _, line := range strings.Split(msg, "\n") {
		if line = strings.TrimRight(line, "\r"); line != "" {
			fmt.Fprintf(&items, "<li>%s</li>\n", html.EscapeString(line))
		}
	}
	page := fmt.Sprintf(errorPageHTML, items.String(), version)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, page)
	}
}

// errorPageHTML takes the problems (escaped <li> items) and the version.
const errorPageHTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>recap: the journal could not be built</title>
<style>
body{margin:0;background:#fbf7f4;color:#2b1d1f;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:50rem;margin:3rem auto;padding:0 1.25rem}
h1{font-size:1.35rem;margin:0 0 .75rem}
p{margin:.5rem 0 1rem}
ul{list-style:none;margin:0 0 1rem;padding:1rem 1.2rem;background:#2b0b0e;color:#ffd8d8;border-radius:10px;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
li+li{margin-top:.4rem}
.hint{color:#6b5a5c;font-size:.9rem}
@media (prefers-color-scheme:dark){body{background:#1b1516;color:#eee2e3}.hint{color:#b8a8aa}}
</style>
</head>
<body>
<main>
<h1>recap: the journal could not be built</h1>
<p>Fix these problems in your notes:</p>
<ul id="recap-problems" role="alert">
%s</ul>
<p>Your journal will appear here as soon as the notes are fixed: this page reloads by itself.</p>
<p class="hint">recap serve is still watching your files.</p>
</main>
<script data-recap-live>(function(){
var es=new EventSource("/__recap/events?since=%d"),list=document.getElementById("recap-problems");
es.addEventListener("reload",function(){location.reload()});
es.addEventListener("error",function(e){if(!e.data)return;list.textContent="";e.data.split("\n").forEach(function(m){if(!m)return;var li=document.createElement("li");li.textContent=m;list.appendChild(li)})});
})();</script>
</body>
</html>
`

// events streams build results to a page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	// since is the version the page was served at, if it says.
	since, sinceErr := strconv.Atoi(r.URL.Query().Get("since"))
	c := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[c] = true
	seen, msg := s.version, s.errMsg
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, c)
		s.mu.Unlock()
	}()
	fmt.Fprint(w, ": recap live reload\n\n")
	if msg != "" {
		writeEvent(w, "error", msg)
	} else if sinceErr == nil && since != seen {
		// A build succeeded after the page was served.
		writeEvent(w, "reload", "")
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-c:
			s.mu.Lock()
			v, msg := s.version, s.errMsg
			s.mu.Unlock()
			if v == seen {
				continue
			}
			seen = v
			if msg != "" {
				writeEvent(w, "error", msg)
			} else {
				writeEvent(w, "reload", "")
			}
			fl.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, name, data string) {
	fmt.Fprintf(w, "event: %s\n", name)
	for _, line := range strings.Split(data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}
