// Package serve is `recap serve`: a small HTTP server for the output folder,
// with live reload.
//
// It serves only files under the output folder. Requests with "..", encoded
// slashes or backslashes, dotfiles, and symbolic links that lead out of the
// folder are refused; folders are never listed (a folder serves its
// index.html or 404). Only requests whose Host is localhost, 127.0.0.1, [::1]
// or the bound address are answered, so a web page cannot reach the journal
// through DNS rebinding. HTML responses get a small script, injected at
// serving time and never written to disk, that follows the builds: it reloads
// the page after a rebuild and shows build errors as an overlay until they
// are fixed.
//
// The builds are told on /__recap/events (server-sent events). Every event
// carries the server's state as one line of JSON, so that no message can
// break the stream's framing: the run (when the server started, in
// milliseconds), the version (a count of the builds reported) and the last
// build's error. The stream opens with the state at once, then sends each
// new one. Pages are served with the run and version they show, and reload
// when a later state reports a good build, whenever it arrives: before or
// after the page subscribed.
//
// A browser opens at most six connections to one host, and an event stream
// holds one for as long as the page is open: the tabs of a journal share one
// stream. The script starts a SharedWorker (/__recap/live.js) that holds it
// and passes the states on to every tab; where there is no SharedWorker, the
// tabs elect one of them with the Web Locks API to hold the stream and pass
// the states on through a BroadcastChannel; and where there is neither, a tab
// holds a stream of its own only while it is visible.
//
// Until a build succeeds, there is no good version to show: after a failed
// first build (Failed before any Reloaded), every page is an error page
// (status 503) that lists the problems and reloads itself, at the URL that
// was asked for, as soon as a build succeeds. The error page is made here,
// needs nothing from the output folder and loads nothing from elsewhere.
package serve

import (
	"bytes"
	"encoding/json"
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
	"time"

	xhtml "golang.org/x/net/html"
)

// Server serves one output folder.
type Server struct {
	// The timeouts of the HTTP server that HTTPServer returns; zero means
	// the default, given with each.

	// ReadHeaderTimeout bounds the reading of a request's header (10s).
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds the reading of a whole request (30s). An event
	// stream is exempt once it started.
	ReadTimeout time.Duration
	// WriteTimeout bounds the writing of a response (2 minutes); an event
	// stream gets it anew for each event it sends.
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection after this long without a
	// request (1 minute).
	IdleTimeout time.Duration

	dir   string
	hosts map[string]bool
	run   int64 // when the server started, in Unix milliseconds

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
		run:   time.Now().UnixMilli(),
		hosts: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	if bind != "" && bind != "0.0.0.0" && bind != "::" {
		s.hosts[strings.ToLower(bind)] = true
	}
	return s
}

// HTTPServer returns an http.Server for s with its timeouts, that ends the
// open event streams when it shuts down.
func (s *Server) HTTPServer() *http.Server {
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: or(s.ReadHeaderTimeout, 10*time.Second),
		ReadTimeout:       or(s.ReadTimeout, 30*time.Second),
		WriteTimeout:      or(s.WriteTimeout, 2*time.Minute),
		IdleTimeout:       or(s.IdleTimeout, time.Minute),
	}
	hs.RegisterOnShutdown(s.Close)
	return hs
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
	case workerPath:
		s.worker(w, r)
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
	s.file(w, r, full, http.StatusOK, nil)
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
		var fix func([]byte) []byte
		if path.Dir(r.URL.Path) != "/" {
			// 404.html is written for the site's root; at /a/b/c its
			// relative links would point under /a/b/.
			fix = fromRoot
		}
		s.file(w, r, p, http.StatusNotFound, fix)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

func (s *Server) file(w http.ResponseWriter, r *http.Request, p string, code int, fix func([]byte) []byte) {
	v, _ := s.state() // before reading: a build in between costs a reload, not a stale page
	data, err := os.ReadFile(p)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	if fix != nil {
		data = fix(data)
	}
	ct := mime.TypeByExtension(filepath.Ext(p))
	switch strings.ToLower(filepath.Ext(p)) {
	case ".html":
		ct = "text/html; charset=utf-8"
		data = inject(data, s.run, v)
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

// fromRoot makes the relative links of a page written for the site's root
// (href and src values that are not "#…", "/…", "?…" or a URL with a scheme)
// start at "/", where the server serves the site, so that the page works at
// any depth.
func fromRoot(page []byte) []byte {
	var b bytes.Buffer
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			if z.Err() == io.EOF {
				return b.Bytes()
			}
			return page
		}
		raw := z.Raw()
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.Write(raw)
			continue
		}
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			if (a.Key == "href" || a.Key == "src") && a.Namespace == "" && relative(a.Val) {
				tok.Attr[i].Val = "/" + a.Val
				changed = true
			}
		}
		if !changed {
			b.Write(raw)
			continue
		}
		b.WriteString(tok.String())
	}
}

// relative reports whether a link is relative to the page's folder.
func relative(u string) bool {
	if u == "" || strings.HasPrefix(u, "#") || strings.HasPrefix(u, "/") || strings.HasPrefix(u, "?") {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && p.Scheme == "" && p.Host == ""
}

// The live-reload script: one for the site's pages (which keep the last good
// version, under an overlay that shows the errors) and one for the error page
// (which lists them). Both start with the page's run and version, then define
// show(message) and hide(), then share liveClient. They hold no "//" nor
// "http:": the error page refers to no other machine.
const (
	reloadScriptHead = `<script data-recap-live>(function(){
var me={run:%d,version:%d},box=null;
function show(m){if(!box){box=document.createElement("div");box.setAttribute("role","alert");box.style.cssText="position:fixed;inset:auto 1rem 1rem 1rem;z-index:99;background:#2b0b0e;color:#ffd8d8;font:13px/1.5 ui-monospace,monospace;padding:1rem 1.2rem;border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.4);white-space:pre-wrap;overflow-wrap:break-word;max-height:50vh;overflow:auto"}box.textContent="recap: the last build failed; showing the last good version.\n\n"+m;if(!box.parentNode)document.body.appendChild(box)}
function hide(){if(box&&box.parentNode)box.parentNode.removeChild(box)}
`
	errorScriptHead = `<script data-recap-live>(function(){
var me={run:%d,version:%d},list=document.getElementById("recap-problems");
function show(m){list.textContent="";m.split("\n").forEach(function(l){if(!l)return;var li=document.createElement("li");li.textContent=l;list.appendChild(li)})}
function hide(){}
`
	// liveClient applies each state the page hears: it ignores a state
	// older than the page (a stream that has not caught up yet), shows an
	// error, reloads on a later good build, and takes the overlay away when
	// the page's own build turns out good after all. It hears the states
	// through the first of: a SharedWorker, a leader tab's stream shared
	// through a BroadcastChannel, a stream of its own while visible.
	liveClient = `function older(s){return s.run<me.run||s.run===me.run&&s.version<me.version}
function apply(s){if(!s||typeof s.run!=="number"||typeof s.version!=="number"||older(s))return;if(s.error){show(String(s.error));return}if(s.run!==me.run||s.version!==me.version){location.reload();return}hide()}
function parse(e){try{return JSON.parse(e.data)}catch(x){return null}}
function stream(on,lost){var es=new EventSource("/__recap/events?since="+me.version);["state","reload","error"].forEach(function(n){es.addEventListener(n,function(e){if(typeof e.data==="string"&&e.data){on(parse(e))}else if(n==="error"&&lost){lost()}})});return es}
function own(){var es=null;function sync(){if(document.visibilityState==="hidden"){if(es){es.close();es=null}}else if(!es){es=stream(apply)}}document.addEventListener("visibilitychange",sync);addEventListener("pageshow",sync);addEventListener("pagehide",function(){if(es){es.close();es=null}});sync()}
function elect(){var bc,known=null;try{bc=new BroadcastChannel("recap-live")}catch(x){return false}
bc.onmessage=function(e){var d=e.data;if(d&&d.hi){if(known)bc.postMessage(known)}else apply(d)};
navigator.locks.request("recap-live",function(){stream(function(s){known=s;bc.postMessage(s);apply(s)},function(){known=null});return new Promise(function(){})}).catch(function(){bc.close();own()});
bc.postMessage({hi:1});return true}
function shared(){var w;try{w=new SharedWorker("/__recap/live.js","recap-live-1")}catch(x){return false}
var fell=false;w.onerror=function(){if(!fell){fell=true;fallback()}};
w.port.onmessage=function(e){apply(e.data)};w.port.start();
function hi(){w.port.postMessage({hi:1})}hi();
addEventListener("pagehide",function(){w.port.postMessage("bye")});addEventListener("pageshow",function(e){if(e.persisted)hi()});return true}
function fallback(){if(!(window.navigator.locks&&window.BroadcastChannel&&elect()))own()}
if(!(window.SharedWorker&&shared()))fallback();
})();</script>`
)

// workerPath is the SharedWorker that holds the one event stream of a
// browser's tabs.
const workerPath = "/__recap/live.js"

// workerScript keeps the last state it heard only while its stream is open,
// so that a page never hears a state from a stream that has gone (the server
// stopped, another one started): it hears the next one instead.
const workerScript = `"use strict";
var ports=[],known=null,es=null;
function send(p,s){try{p.postMessage(s)}catch(x){}}
function listen(){var src=es=new EventSource("/__recap/events");
function on(e){var s;try{s=JSON.parse(e.data)}catch(x){return}known=s;ports.forEach(function(p){send(p,s)})}
["state","reload","error"].forEach(function(n){src.addEventListener(n,function(e){if(typeof e.data==="string"&&e.data)on(e);else if(n==="error"){known=null;if(src.readyState===2&&es===src)es=null}})})}
onconnect=function(e){var p=e.ports[0];p.onmessage=function(m){
if(m.data==="bye"){var i=ports.indexOf(p);if(i>=0)ports.splice(i,1);return}
if(m.data&&m.data.hi){if(ports.indexOf(p)<0)ports.push(p);if(!es)listen();if(known)send(p,known)}};p.start()};
`

func (s *Server) worker(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(workerScript)))
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, workerScript)
	}
}

func inject(page []byte, run int64, version int) []byte {
	script := fmt.Sprintf(reloadScriptHead, run, version) + liveClient
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
	page := fmt.Sprintf(errorPageHTML, items.String(), fmt.Sprintf(errorScriptHead, s.run, version)+liveClient)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; worker-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, page)
	}
}

// errorPageHTML takes the problems (escaped <li> items) and the live-reload
// script.
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
ul{list-style:none;margin:0 0 1rem;padding:1rem 1.2rem;background:#2b0b0e;color:#ffd8d8;border-radius:10px;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:break-word}
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
%s
</body>
</html>
`

// liveState is the JSON of every event: what a page needs to tell whether it
// shows the last build.
type liveState struct {
	Run     int64  `json:"run"`
	Version int    `json:"version"`
	Error   string `json:"error,omitempty"`
}

// events streams the server's state to a page: at once, then after each
// build. The event's name says what a page served at version since (if the
// request says) should do: "error" show the error, "reload" reload, "state"
// nothing.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if _, ok := w.(http.Flusher); !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	rc := http.NewResponseController(w)
	// The stream lasts as long as the page: no read timeout, and a write
	// timeout for each event rather than for the whole response.
	_ = rc.SetReadDeadline(time.Time{})
	writeTimeout := s.WriteTimeout
	if writeTimeout <= 0 {
		writeTimeout = 2 * time.Minute
	}
	send := func(write func()) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		write()
		return rc.Flush() == nil
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
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
	name := "state"
	switch {
	case msg != "":
		name = "error"
	case sinceErr == nil && since != seen:
		name = "reload" // a build succeeded after the page was served
	}
	if !send(func() {
		fmt.Fprint(w, ": recap live reload\n\n")
		s.writeEvent(w, name, seen, msg)
	}) {
		return
	}
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
			name := "reload"
			if msg != "" {
				name = "error"
			}
			if !send(func() { s.writeEvent(w, name, v, msg) }) {
				return
			}
		}
	}
}

// writeEvent writes one event. Its data is JSON on one line: JSON escapes
// every CR and LF, which would end the line or the event.
func (s *Server) writeEvent(w io.Writer, name string, version int, msg string) {
	data, err := json.Marshal(liveState{Run: s.run, Version: version, Error: msg})
	if err != nil {
		panic(err) // a struct of numbers and a string always encodes
	}
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
}
