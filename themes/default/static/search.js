// recap search: a search dialog on every page, over the offline index in
// assets/search-index.js (window.RECAP_SEARCH, see generator/search). The index
// is a script, not fetched JSON, so search works from file:// too; it is loaded
// the first time search opens. Open with "/", Ctrl-K (⌘K) or the header button;
// arrows move, Enter opens, Escape closes.
//
// On the actions page this script also loads filters.js when the layout has
// not, so the page's filters work with the default layouts as they are.
(function () {
  "use strict";
  if (window.RECAP_SEARCH_UI) return;
  window.RECAP_SEARCH_UI = true;

  var doc = document;
  var html = doc.documentElement;
  var root = html.getAttribute("data-root") || "";
  var MAX_SHOWN = 50;
  var MAX_TERM = 24; // generator/search.MaxTermLen
  var KIND_LABEL = { person: "Person", tag: "Tag", series: "Series", meeting: "Meeting", action: "Action" };
  var KIND_ORDER = { person: 0, series: 1, tag: 2, meeting: 3, action: 4 };
  var STATUS = { o: "open", p: "in progress", d: "done", c: "cancelled" };

  function asset(name) { return root + "assets/" + name; }

  function ensureCSS() {
    if (doc.querySelector('link[href$="search.css"]')) return;
    var l = doc.createElement("link");
    l.rel = "stylesheet";
    l.href = asset("search.css");
    doc.head.appendChild(l);
  }

  function loadScript(name, onload, onerror) {
    var s = doc.createElement("script");
    s.src = asset(name);
    s.async = false;
    if (onload) s.onload = onload;
    if (onerror) s.onerror = onerror;
    doc.head.appendChild(s);
  }

  // The actions page's filters.
  if (doc.querySelector("[data-action-filters]") && !window.RECAP_FILTERS && !doc.querySelector('script[src$="filters.js"]')) {
    ensureCSS();
    loadScript("filters.js");
  }

  // ---- words, as generator/search cuts them (its words function) ----
  var NON_ASCII = /[^\x00-\x7f]/;
  var MARKS = /\p{M}/gu;
  var NOT_WORD_U = /[^\p{L}\p{N}]+/gu;
  var NOT_WORD = /[^a-z0-9]+/g;
  function norm(s) {
    s = String(s || "").toLowerCase();
    if (NON_ASCII.test(s)) return s.normalize("NFD").replace(MARKS, "").replace(NOT_WORD_U, " ").trim();
    return s.replace(NOT_WORD, " ").trim();
  }
  function hay(s) { s = norm(s); return s ? " " + s + " " : ""; }
  function cut(w) {
    var r = Array.from(w);
    return r.length > MAX_TERM ? r.slice(0, MAX_TERM).join("") : w;
  }

  // ---- the index ----
  // X.docs holds every result there can be: people, series and tags first,
  // then meetings and actions, each oldest first as in the index. A doc keeps
  // its title's words (h) and what it needs to be matched and shown; its
  // subtitle and link are made only when it is shown.
  var X = null;
  var loading = false, failed = false;
  var timing = window.RECAP_SEARCH_TIMING = { load: 0, prepare: 0, last: 0, search: 0 };

  function prepare(raw) {
    var t0 = performance.now();
    var docs = [], i, r;
    var people = raw.people || [], tags = raw.tags || [], series = raw.series || [];
    var meetings = raw.meetings || [], actions = raw.actions || [];
    var peopleHay = people.map(function (p) { return hay(p[0] + " " + p[2]); });
    var tagsHay = tags.map(function (t) { return hay(t[0]); });
    var seriesHay = series.map(function (x) { return hay(x[0]); });
    for (i = 0; i < people.length; i++) docs.push({ k: "person", r: people[i], h: hay(people[i][0]), m: peopleHay[i], i: i });
    for (i = 0; i < series.length; i++) docs.push({ k: "series", r: series[i], h: seriesHay[i], m: "", i: i });
    for (i = 0; i < tags.length; i++) docs.push({ k: "tag", r: tags[i], h: tagsHay[i], m: "", i: i });
    var undated = docs.length;
    for (i = 0; i < meetings.length; i++) docs.push({ k: "meeting", r: meetings[i], h: hay(meetings[i][0]), m: "", i: i });
    for (i = 0; i < actions.length; i++) {
      r = actions[i];
      if (meetings[r[1]]) docs.push({ k: "action", r: r, h: hay(r[0]), m: "", i: i, open: r[4] === "o" || r[4] === "p" });
    }
    var stop = {};
    (raw.stop || "").split(" ").forEach(function (w) { if (w) stop[w] = true; });
    X = {
      docs: docs, undated: undated, people: people, tags: tags, series: series, meetings: meetings,
      peopleHay: peopleHay, tagsHay: tagsHay, seriesHay: seriesHay,
      terms: raw.terms || [], post: raw.post || [], stop: stop, cache: {}
    };
    timing.prepare = performance.now() - t0;
  }

  function plural(n, w) { return n + " " + w + (n === 1 ? "" : "s"); }

  // link and sub are a doc's URL (from the site root) and subtitle.
  function link(x) {
    var r = x.r;
    switch (x.k) {
      case "meeting": return r[1] + "index.html";
      case "action": return X.meetings[r[1]][1] + "index.html#L" + r[2];
    }
    return r[1];
  }
  function sub(x) {
    var r = x.r, names = [], j;
    switch (x.k) {
      case "person": return plural(r[3], "meeting");
      case "series": return plural(r[2], "meeting");
      case "tag": return plural(r[2], "item");
      case "meeting":
        for (j = 0; j < r[3].length; j++) if (X.people[r[3][j]]) names.push(X.people[r[3][j]][0]);
        return [r[2] ? shortDate(r[2]) : "Note"].concat(names.length ? [names.join(", ")] : []).join(" · ");
    }
    var m = X.meetings[r[1]], owner = r[3] >= 0 ? X.people[r[3]] : null;
    var out = [owner ? owner[0] : "Unassigned"];
    if (r[4] !== "o") out.push(STATUS[r[4]] || r[4]);
    if (r[5]) out.push("due " + shortDate(r[5]));
    out.push(m[2] ? m[0] + " · " + shortDate(m[2]) : m[0]);
    return out.join(" · ");
  }
  function title(x) { return x.k === "tag" ? "#" + x.r[0] : x.r[0]; }

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function shortDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    if (!m) return s || "";
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + m[1];
  }

  // DIGIT decodes the postings' digits (generator/search.LastDigits and
  // MoreDigits): d for the last digit of a gap, 32+d for the others.
  var DIGIT = new Int8Array(128);
  (function () {
    var last = "0123456789ABCDEFGHIJKLMNOPQRSTUV", more = "WXYZabcdefghijklmnopqrstuvwxyz-_";
    for (var d = 0; d < 32; d++) { DIGIT[last.charCodeAt(d)] = d; DIGIT[more.charCodeAt(d)] = 32 + d; }
  })();

  // bodySet returns the meetings whose text has a word starting with w, as a
  // Uint8Array indexed by meeting, or null when none does.
  function bodySet(w) {
    if (Object.prototype.hasOwnProperty.call(X.cache, w)) return X.cache[w];
    var terms = X.terms, lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < w) lo = mid + 1; else hi = mid;
    }
    var set = null;
    for (var k = lo; k < terms.length && terms[k].lastIndexOf(w, 0) === 0; k++) {
      if (!set) set = new Uint8Array(X.meetings.length);
      var s = X.post[k], prev = -1, acc = 0;
      for (var i = 0; i < s.length; i++) {
        var v = DIGIT[s.charCodeAt(i) & 127];
        if (v >= 32) { acc = acc * 32 + v - 32; continue; }
        prev += acc * 32 + v;
        acc = 0;
        set[prev] = 1;
      }
    }
    if (Object.keys(X.cache).length > 32) X.cache = {};
    X.cache[w] = set;
    return set;
  }

  // marks returns which entries of a table's word lists have a word starting
  // with pre.
  function marks(hays, pre) {
    var out = new Uint8Array(hays.length);
    for (var i = 0; i < hays.length; i++) if (hays[i].indexOf(pre) >= 0) out[i] = 1;
    return out;
  }

  // search returns the best matching docs, best first, and how many match.
  // A doc matches when each query word (stop words aside) starts a word of
  // its title (an action's text), of its people, tags or series, or of its
  // note's text. Title matches rank first, then people, tags and series, then
  // the text; then more and exact matches; then people, series, tags,
  // meetings, actions; then open actions; then the newest.
  function search(q) {
    var words = norm(q).split(" ").filter(Boolean).map(cut);
    if (!words.length) return { list: [], total: 0, words: words };
    var n = words.length, required = [], anyRequired = false, i;
    for (i = 0; i < n; i++) {
      required[i] = !X.stop[words[i]];
      anyRequired = anyRequired || required[i];
    }
    if (!anyRequired) for (i = 0; i < n; i++) required[i] = true;
    var pre = [], exact = [], body = [], pm = [], tm = [], sm = [];
    for (i = 0; i < n; i++) {
      pre[i] = " " + words[i];
      exact[i] = " " + words[i] + " ";
      body[i] = words[i].length >= 2 ? bodySet(words[i]) : null;
      pm[i] = marks(X.peopleHay, pre[i]);
      tm[i] = marks(X.tagsHay, pre[i]);
      sm[i] = marks(X.seriesHay, pre[i]);
    }
    // Matches go to buckets by rank; docs are visited so that each bucket
    // fills in final order (undated docs forward, dated ones newest first).
    var buckets = {}, total = 0, docs = X.docs, d, start = 0, end = X.undated, step = 1;
    for (var pass = 0; pass < 2; pass++) {
      if (pass === 1) { start = docs.length - 1; end = X.undated - 1; step = -1; }
      for (d = start; d !== end; d += step) {
        var x = docs[d], score = 0, tier = 0, ok = true;
        for (i = 0; i < n; i++) {
          var h = x.h.indexOf(pre[i]);
          if (h >= 0) {
            score += x.h.indexOf(exact[i], h) >= 0 ? 12 : 10;
          } else if (metaMatch(x, x.r, pm[i], tm[i], sm[i], pre[i])) {
            score += 5;
            if (tier < 1) tier = 1;
          } else if (x.k === "meeting" && body[i] && body[i][x.i]) {
            score += 1;
            tier = 2;
          } else if (required[i]) {
            ok = false;
            break;
          }
        }
        if (!ok || !score) continue;
        var key = ((tier * 256 + (255 - Math.min(score, 255))) * 8 + KIND_ORDER[x.k]) * 2 + (x.k === "action" && !x.open ? 1 : 0);
        (buckets[key] || (buckets[key] = [])).push(x);
        total++;
      }
    }
    var keys = Object.keys(buckets).map(Number).sort(function (a, b) { return a - b; });
    var list = [];
    for (i = 0; i < keys.length && list.length < MAX_SHOWN; i++) {
      var b = buckets[keys[i]];
      for (var j = 0; j < b.length && list.length < MAX_SHOWN; j++) list.push(b[j]);
    }
    return { list: list, total: total, words: words };
  }

  // metaMatch reports whether a doc's people, tags or series (or a person's
  // id, aliases and role) have a word starting with the query word.
  function metaMatch(x, r, pm, tm, sm, pre) {
    var j;
    switch (x.k) {
      case "person": return x.m.indexOf(pre) >= 0;
      case "meeting":
        for (j = 0; j < r[3].length; j++) if (pm[r[3][j]]) return true;
        for (j = 0; j < r[4].length; j++) if (tm[r[4][j]]) return true;
        return r[5] >= 0 && sm[r[5]] === 1;
      case "action": return r[3] >= 0 && pm[r[3]] === 1;
    }
    return false;
  }

  // ---- the dialog ----
  var ui = null, isOpen = false, active = -1, shown = [], opener = null, inerted = [];

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function build() {
    var back = el("div", "rs-backdrop");
    back.hidden = true;
    back.setAttribute("data-search-dialog", "");
    var dlg = el("div", "rs-dialog");
    dlg.setAttribute("role", "dialog");
    dlg.setAttribute("aria-modal", "true");
    dlg.setAttribute("aria-labelledby", "rs-label");
    var bar = el("div", "rs-bar");
    var label = el("label", "sr", "Search the journal");
    label.id = "rs-label";
    label.htmlFor = "rs-input";
    var icon = el("span", "rs-icon", "⌕");
    icon.setAttribute("aria-hidden", "true");
    var input = el("input", "rs-input");
    input.id = "rs-input";
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Search meetings, people, tags, actions, notes…";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", "rs-list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-describedby", "rs-help");
    var esc = el("button", "rs-close", "Esc");
    esc.type = "button";
    esc.setAttribute("aria-label", "Esc close search");
    esc.tabIndex = -1;
    bar.appendChild(label);
    bar.appendChild(icon);
    bar.appendChild(input);
    bar.appendChild(esc);
    var list = el("div", "rs-list");
    list.id = "rs-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Results");
    var status = el("p", "rs-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var help = el("p", "rs-help", "↑ ↓ to move · Enter to open · Esc to close");
    help.id = "rs-help";
    dlg.appendChild(bar);
    dlg.appendChild(status);
    dlg.appendChild(list);
    dlg.appendChild(help);
    back.appendChild(dlg);
    doc.body.appendChild(back);

    input.addEventListener("input", update);
    input.addEventListener("keydown", onKey);
    esc.addEventListener("click", close);
    back.addEventListener("mousedown", function (e) { if (e.target === back) close(); });
    list.addEventListener("mousemove", function (e) {
      var o = e.target.closest ? e.target.closest("[role=option]") : null;
      if (o && o.parentNode === list) setActive(+o.getAttribute("data-i"), false);
    });
    ui = { back: back, dlg: dlg, input: input, list: list, status: status };
  }

  function open() {
    ensureCSS();
    if (!ui) build();
    if (isOpen) { ui.input.focus(); return; }
    isOpen = true;
    opener = doc.activeElement;
    ui.back.hidden = false;
    html.classList.add("rs-is-open");
    inerted = [];
    Array.prototype.forEach.call(doc.body.children, function (c) {
      if (c !== ui.back && c.tagName !== "SCRIPT" && !c.inert) { c.inert = true; inerted.push(c); }
    });
    ui.input.focus();
    ui.input.select();
    if (X) update();
    else if (failed) ui.status.textContent = "The search index (assets/search-index.js) could not be loaded.";
    else startLoad();
  }

  function startLoad() {
    if (window.RECAP_SEARCH) { prepare(window.RECAP_SEARCH); update(); return; }
    if (loading) return;
    loading = true;
    ui.status.textContent = "Loading the search index…";
    var t0 = performance.now();
    loadScript("search-index.js", function () {
      loading = false;
      timing.load = performance.now() - t0;
      if (!window.RECAP_SEARCH) { failed = true; ui.status.textContent = "The search index is empty."; return; }
      prepare(window.RECAP_SEARCH);
      if (isOpen) update();
    }, function () {
      loading = false;
      failed = true;
      ui.status.textContent = "The search index (assets/search-index.js) could not be loaded.";
    });
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    ui.back.hidden = true;
    html.classList.remove("rs-is-open");
    inerted.forEach(function (c) { c.inert = false; });
    inerted = [];
    if (opener && opener.focus && doc.contains(opener)) opener.focus();
    opener = null;
  }

  function update() {
    if (!X || !ui) return;
    var t0 = performance.now();
    var q = ui.input.value;
    var res = search(q);
    timing.search = performance.now() - t0;
    var list = ui.list;
    while (list.firstChild) list.removeChild(list.firstChild);
    shown = res.list;
    for (var i = 0; i < shown.length; i++) list.appendChild(option(shown[i], i, res.words));
    ui.input.setAttribute("aria-expanded", shown.length ? "true" : "false");
    if (!norm(q)) ui.status.textContent = "Type to search titles, people, tags, action items and notes.";
    else if (!res.total) ui.status.textContent = "No results for “" + q.trim() + "”.";
    else if (res.total > shown.length) ui.status.textContent = "Showing the best " + shown.length + " of " + res.total + " results.";
    else ui.status.textContent = res.total === 1 ? "1 result." : res.total + " results.";
    setActive(shown.length ? 0 : -1, true);
    timing.last = performance.now() - t0;
  }

  function option(x, i, words) {
    var a = el("a", "rs-item rs-" + x.k);
    a.id = "rs-o-" + i;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.setAttribute("data-i", String(i));
    a.setAttribute("data-kind", x.k);
    a.tabIndex = -1;
    a.href = root + link(x);
    a.appendChild(el("span", "rs-kind", KIND_LABEL[x.k]));
    var t = el("span", "rs-title");
    highlight(t, title(x), words);
    a.appendChild(t);
    var s = sub(x);
    if (s) a.appendChild(el("span", "rs-sub", s));
    return a;
  }

  // highlight writes s into e with the query words' matches at word starts marked
  // (ASCII titles only: elsewhere the text goes in as is).
  function highlight(e, s, words) {
    if (!words || NON_ASCII.test(s)) { e.textContent = s; return; }
    var lower = s.toLowerCase(), spans = [];
    words.forEach(function (w) {
      if (NON_ASCII.test(w)) return;
      var from = 0, k;
      while ((k = lower.indexOf(w, from)) >= 0) {
        if (k === 0 || !/[a-z0-9]/.test(lower[k - 1])) spans.push([k, k + w.length]);
        from = k + 1;
      }
    });
    if (!spans.length) { e.textContent = s; return; }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    spans.forEach(function (m) {
      if (m[0] < pos) { if (m[1] > pos) m = [pos, m[1]]; else return; }
      if (m[0] > pos) e.appendChild(doc.createTextNode(s.slice(pos, m[0])));
      e.appendChild(el("mark", null, s.slice(m[0], m[1])));
      pos = m[1];
    });
    if (pos < s.length) e.appendChild(doc.createTextNode(s.slice(pos)));
  }

  function setActive(i, scroll) {
    var prev = ui.list.querySelector('[aria-selected="true"]');
    if (prev) prev.setAttribute("aria-selected", "false");
    active = i;
    if (i < 0 || !shown.length) { ui.input.removeAttribute("aria-activedescendant"); return; }
    var o = doc.getElementById("rs-o-" + i);
    if (!o) return;
    o.setAttribute("aria-selected", "true");
    ui.input.setAttribute("aria-activedescendant", o.id);
    if (scroll && o.scrollIntoView) o.scrollIntoView({ block: "nearest" });
  }

  function onKey(e) {
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp":
        e.preventDefault();
        if (!shown.length) return;
        var n = shown.length;
        setActive(e.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n, true);
        return;
      case "PageDown":
      case "PageUp":
        if (!shown.length) return;
        e.preventDefault();
        setActive(e.key === "PageDown" ? Math.min(shown.length - 1, active + 8) : Math.max(0, active - 8), true);
        return;
      case "Enter":
        e.preventDefault();
        if (active >= 0) {
          var o = doc.getElementById("rs-o-" + active);
          if (o) {
            if (e.ctrlKey || e.metaKey) window.open(o.href, "_blank", "noopener");
            else location.href = o.href;
          }
        }
        return;
      case "Escape":
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      case "Tab":
        e.preventDefault(); // focus stays in the dialog: its only field
        return;
    }
  }

  function typing(t) {
    if (!t || t === doc.body) return false;
    var tag = t.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable;
  }

  doc.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.isComposing) return;
    if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      open();
      return;
    }
    if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isOpen && !typing(e.target)) {
      e.preventDefault();
      open();
    } else if (e.key === "Escape" && isOpen) {
      close();
    }
  });

  var buttons = doc.querySelectorAll("[data-search-open]");
  if (buttons.length) ensureCSS();
  buttons.forEach(function (b) {
    b.hidden = false;
    b.setAttribute("aria-haspopup", "dialog");
    b.addEventListener("click", open);
    // Start loading the index when the pointer heads for the button.
    b.addEventListener("pointerenter", function () { if (!X && !loading && !failed) { ensureCSS(); if (!ui) build(); startLoad(); } }, { once: true });
  });

  // For tests and tools: open and close programmatically.
  window.recapSearch = { open: open, close: close };
})();
