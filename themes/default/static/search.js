// recap search: a search dialog on every page, over the offline index in
// assets/search-index.js (window.RECAP_SEARCH, see generator/search). The index
// is a script, not fetched JSON, so search works from file:// too; it is loaded
// the first time search opens. Open with "/", Ctrl-K (⌘K) or the header button,
// or with ?q=words in any page's URL (the dialog keeps the URL in step, so a
// search can be bookmarked); arrows move, Enter opens, Escape closes.
//
// Search forgives: every word may be the start of a word, one typo is allowed
// in a word of 4 letters or more and two in one of 8 or more, numbers and
// versions ("3.0", "v20", "pg16") match as written and not as the start of
// other numbers, and dates match as written in notes and in the usual forms
// (2026-11-17, 17 Nov, Nov 17, 17th November 2026). Results are ranked by
// where the words are (titles, names and action texts first, then people,
// tags and series, then the meeting's snippet, then its text), how well they
// match (exactly, as a start, with a typo), with meetings still to come after
// those that took place. When nothing matches, it suggests a query that does.
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

  // How much a query word is worth where it matches: in a title (a name, an
  // action's text), in a meeting's people, tags or series (an action's
  // owner, a person's role), in a meeting's snippet, in its text; a date in a
  // meeting's day. A match counts in full when exact, less as a start or
  // with typos (see expand). A meeting still to come counts FUTURE of that.
  var W_TITLE = 3, W_META = 2, W_SNIP = 1.4, W_BODY = 1, W_DAY = 4;
  var CLASS_W = [W_TITLE, W_META, W_SNIP];
  var FUTURE = 0.5;
  // Where a query word matched a result, best first (for the excerpt).
  var IN_TITLE = 1, IN_META = 2, IN_SNIP = 3, IN_BODY = 4, IN_DAY = 5;

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

  // ---- words and dates, as generator/search cuts them ----
  // A word is a run of letters and digits, lowercased, accents removed, with
  // a full stop between two digits kept ("3.0"); it is cut to MAX_TERM.
  var NON_ASCII = /[^\x00-\x7f]/;
  var MARKS = /\p{M}/gu;
  var WORD_U = /(?:[\p{L}\p{N}]|(?<=[0-9])\.(?=[0-9]))+/gu;
  var TOKEN_U = /(?:[\p{L}\p{N}\p{M}]|(?<=[0-9])\.(?=[0-9]))+/gu;
  function fold(s) {
    s = String(s || "").toLowerCase();
    return NON_ASCII.test(s) ? s.normalize("NFD").replace(MARKS, "") : s;
  }
  function cut(w) {
    if (w.length <= MAX_TERM) return w;
    var r = Array.from(w);
    return r.length > MAX_TERM ? r.slice(0, MAX_TERM).join("") : w;
  }
  function isDigit(c) { return c >= 48 && c <= 57; }

  // tokenize cuts s into words: TW[i] is word i, TA[i] and TB[i] where it
  // stands in TF, s folded; TN is how many there are. The arrays are reused.
  var TW = [], TA = [], TB = [], TN = 0, TF = "";
  function token(w, a, b) { TW[TN] = cut(w); TA[TN] = a; TB[TN] = b; TN++; }
  function tokenize(s) {
    var f = TF = fold(s), m;
    TN = 0;
    if (NON_ASCII.test(f)) {
      WORD_U.lastIndex = 0;
      while ((m = WORD_U.exec(f)) !== null) token(m[0], m.index, m.index + m[0].length);
      return;
    }
    var start = -1;
    for (var i = 0; i <= f.length; i++) {
      var c = i < f.length ? f.charCodeAt(i) : 32;
      if (c >= 97 && c <= 122 || isDigit(c) || c === 46 && start >= 0 && isDigit(f.charCodeAt(i - 1)) && isDigit(f.charCodeAt(i + 1))) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        token(f.slice(start, i), start, i);
        start = -1;
      }
    }
  }

  var MONTH = Object.create(null);
  ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].forEach(function (name, i) {
    MONTH[name] = i + 1;
    MONTH[name.slice(0, 3)] = i + 1;
  });
  MONTH.sept = 9;
  function num(w, digits) {
    if (!w.length || w.length > digits) return -1;
    var n = 0;
    for (var i = 0; i < w.length; i++) {
      var c = w.charCodeAt(i);
      if (!isDigit(c)) return -1;
      n = n * 10 + c - 48;
    }
    return n;
  }
  function yearOf(w) { var y = w.length === 4 ? num(w, 4) : -1; return y >= 1900 && y < 2200 ? y : -1; }
  function dayOf(w) {
    if (w.length > 2 && /(?:st|nd|rd|th)$/.test(w)) w = w.slice(0, -2);
    var d = num(w, 2);
    return d >= 1 && d <= 31 ? d : -1;
  }
  var MONTH_START = 0; // the first letters of MONTH's names, as bits
  Object.keys(MONTH).forEach(function (m) { MONTH_START |= 1 << (m.charCodeAt(0) - 97); });
  function monthOf(w) {
    var c = w.charCodeAt(0) - 97;
    return w.length >= 3 && w.length <= 9 && c >= 0 && c < 26 && MONTH_START >> c & 1 && MONTH[w] || -1;
  }
  function validDate(y, m, d) {
    if (m < 1 || m > 12 || d < 1) return false;
    var days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    if (m === 2 && y > 0 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) days = 28;
    return d <= days;
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  // dateTerm is generator/search.DateTerm: "~MM-DD", or "~MM-DD-YYYY".
  function dateTerm(y, m, d) { return "~" + two(m) + "-" + two(d) + (y > 0 ? "-" + y : ""); }
  function near(f, a, b) { var gap = f.slice(a, b); return gap.length > 0 && gap.length <= 3 && /^[ ,.]+$/.test(gap); }

  // dateAt is generator/search's termer.date: how many of the words
  // tokenize left, from word i, a date spans (0 for none), with DKEY its
  // term and DMONTH the word that names its month (-1 for none).
  var DKEY = "", DMONTH = -1;
  function dateAt(i) {
    var f = TF, w = TW[i], y, m, d;
    if (!w.length || w.length > 9 || !isDigit(w.charCodeAt(0)) && monthOf(w) < 0) return 0;
    y = yearOf(w);
    if (y > 0) {
      if (i + 2 < TN && f[TB[i]] === "-" && TA[i + 1] === TB[i] + 1 && f[TB[i + 1]] === "-" && TA[i + 2] === TB[i + 1] + 1) {
        m = num(TW[i + 1], 2);
        d = num(TW[i + 2], 2);
        if (m > 0 && d > 0 && validDate(y, m, d)) {
          DKEY = dateTerm(y, m, d);
          DMONTH = -1;
          return 3;
        }
      }
      return 0;
    }
    if (i + 1 >= TN || !near(f, TB[i], TA[i + 1])) return 0;
    if ((d = dayOf(w)) > 0) {
      if ((m = monthOf(TW[i + 1])) < 0) return 0;
      DMONTH = i + 1;
    } else if ((m = monthOf(w)) > 0) {
      if ((d = dayOf(TW[i + 1])) < 0) return 0;
      DMONTH = i;
    } else {
      return 0;
    }
    var n = 2;
    y = 0;
    if (i + 2 < TN && near(f, TB[i + 1], TA[i + 2])) {
      var yy = yearOf(TW[i + 2]);
      if (yy > 0 && validDate(yy, m, d)) { y = yy; n = 3; }
    }
    if (!validDate(y, m, d)) return 0;
    DKEY = dateTerm(y, m, d);
    return n;
  }

  // eachUnit calls f(w, a, b, date) with the words and dates (as their
  // terms) of s, and where each stands in fold(s). keepMonth keeps a date's
  // month name as a word too, as the index does; a query does not ask for
  // it. f must not tokenize.
  function eachUnit(s, keepMonth, f) {
    tokenize(s);
    for (var i = 0; i < TN;) {
      var n = dateAt(i);
      if (!n) {
        f(TW[i], TA[i], TB[i], false);
        i++;
        continue;
      }
      var month = DMONTH;
      f(DKEY, TA[i], TB[i + n - 1], true);
      if (keepMonth && month >= 0) f(TW[month], TA[month], TB[month], false);
      i += n;
    }
  }

  // units is what eachUnit gives, as {f: fold(s), u: [{w, a, b, date}]}.
  function units(s, keepMonth) {
    var out = [];
    eachUnit(s, keepMonth, function (w, a, b, date) { out.push({ w: w, a: a, b: b, date: date }); });
    return { f: TF, u: out };
  }

  // ---- edit distance ----
  var ROW0 = new Int32Array(72), ROW1 = new Int32Array(72), ROW2 = new Int32Array(72);
  // distance returns the edit distance between a and b, a swap of two
  // neighbours counting as one edit, when it is at most k (k+1 otherwise),
  // plus 16 times the least distance between a and a start of b at least as
  // long as a (k+1 when over k).
  function distance(a, b, k) {
    var la = a.length, lb = Math.min(b.length, la + k), none = (k + 1) * 17, i, j;
    if (b.length < la - k || la > 64) return none;
    var prev2 = ROW0, prev = ROW1, cur = ROW2, t;
    for (j = 0; j <= lb; j++) prev[j] = j;
    for (i = 1; i <= la; i++) {
      var ca = a.charCodeAt(i - 1), low = cur[0] = i;
      for (j = 1; j <= lb; j++) {
        var cb = b.charCodeAt(j - 1);
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
        if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
        cur[j] = v;
        if (v < low) low = v;
      }
      if (low > k) return none;
      t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    var full = b.length <= lb ? Math.min(prev[b.length], k + 1) : k + 1, pre = k + 1;
    for (j = la; j <= lb; j++) if (prev[j] < pre) pre = prev[j];
    return full + 16 * pre;
  }

  // ---- the index ----
  // X.docs holds every result there can be: people, series, tags, meetings
  // (and pages) and actions, in the index's order. The words of their
  // titles, people's names, roles and meetings' snippets are a vocabulary
  // (X.vocab, sorted, with X.vpost[k] the docs of word k as doc*4+class,
  // class 0 title, 1 meta, 2 snippet); the notes' text is in the index's
  // terms and postings.
  var X = null;
  var loading = false, failed = false, waiting = [];
  var timing = window.RECAP_SEARCH_TIMING = { load: 0, prepare: 0, last: 0, search: 0, render: 0 };

  function prepare(raw) {
    var t0 = performance.now();
    var docs = [], i, r;
    var people = raw.people || [], tags = raw.tags || [], series = raw.series || [];
    var meetings = raw.meetings || [], actions = raw.actions || [];
    var ids = new Map(), words = [], posts = [];
    var e = 0;
    function addWord(w) {
      var id = ids.get(w);
      if (id === undefined) {
        ids.set(w, words.length);
        words.push(w);
        posts.push([e]);
        return;
      }
      var p = posts[id];
      if (p[p.length - 1] !== e) p.push(e);
    }
    function add(s, d, cls) {
      e = d * 4 + cls;
      eachUnit(s, true, addWord);
    }
    for (i = 0; i < people.length; i++) {
      r = people[i];
      add(r[0], docs.length, 0);
      add(r[2], docs.length, 0);
      if (r[4]) add(r[4], docs.length, 1);
      docs.push({ k: "person", r: r, i: i, dt: "" });
    }
    var S0 = docs.length;
    for (i = 0; i < series.length; i++) {
      add(series[i][0], docs.length, 0);
      docs.push({ k: "series", r: series[i], i: i, dt: "" });
    }
    var T0 = docs.length;
    for (i = 0; i < tags.length; i++) {
      add(tags[i][0], docs.length, 0);
      docs.push({ k: "tag", r: tags[i], i: i, dt: "" });
    }
    var M0 = docs.length;
    var today = raw.today || new Date().toISOString().slice(0, 10);
    for (i = 0; i < meetings.length; i++) {
      r = meetings[i];
      add(r[0], docs.length, 0);
      // (A snippet's "…" would send it the slow way.)
      if (r[6]) add(r[6].charCodeAt(r[6].length - 1) === 0x2026 ? r[6].slice(0, -1) : r[6], docs.length, 2);
      docs.push({ k: "meeting", r: r, i: i, dt: r[2], fut: r[2] > today });
    }
    var A0 = docs.length;
    for (i = 0; i < actions.length; i++) {
      r = actions[i];
      var m = meetings[r[1]];
      if (!m) continue;
      add(r[0], docs.length, 0);
      docs.push({ k: "action", r: r, i: i, dt: m[2], fut: m[2] > today, open: r[4] === "o" || r[4] === "p" });
    }
    // The docs of each person's, tag's and series' meetings, and of each
    // person's actions.
    var byPerson = people.map(function () { return []; }), byOwner = people.map(function () { return []; });
    var byTag = tags.map(function () { return []; }), bySeries = series.map(function () { return []; });
    for (var d = M0; d < docs.length; d++) {
      r = docs[d].r;
      if (docs[d].k === "action") {
        if (byOwner[r[3]]) byOwner[r[3]].push(d);
        continue;
      }
      for (var j = 0; j < r[3].length; j++) if (byPerson[r[3][j]]) byPerson[r[3][j]].push(d);
      for (j = 0; j < r[4].length; j++) if (byTag[r[4][j]]) byTag[r[4][j]].push(d);
      if (bySeries[r[5]]) bySeries[r[5]].push(d);
    }
    var order = words.map(function (_, k) { return k; });
    order.sort(function (a, b) { return words[a] < words[b] ? -1 : 1; });
    var vocab = order.map(function (k) { return words[k]; });
    var vpost = order.map(function (k) { return posts[k]; });
    var stop = Object.create(null);
    (raw.stop || "").split(" ").forEach(function (w) { if (w) stop[w] = true; });
    X = {
      docs: docs, S0: S0, T0: T0, M0: M0, A0: A0, people: people, tags: tags, series: series, meetings: meetings,
      vocab: vocab, vpost: vpost, terms: raw.terms || [], post: raw.post || [], stop: stop,
      byPerson: byPerson, byOwner: byOwner, byTag: byTag, bySeries: bySeries,
      postCache: new Map(), expandCache: new Map(), today: today
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
      case "person": return [plural(r[3], "meeting")].concat(r[4] ? [r[4]] : []).join(" · ");
      case "series": return plural(r[2], "meeting");
      case "tag": return plural(r[2], "item");
      case "meeting":
        for (j = 0; j < r[3].length; j++) if (X.people[r[3][j]]) names.push(X.people[r[3][j]][0]);
        return [r[2] ? shortDate(r[2]) + (x.fut ? " (to come)" : "") : "Note"].concat(names.length ? [names.join(", ")] : []).join(" · ");
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
    // The year only when it is not this one, as the pages write dates.
    var year = +m[1] === new Date().getFullYear() ? "" : " " + m[1];
    return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + year;
  }

  // DIGIT decodes the postings' digits (generator/search.LastDigits and
  // MoreDigits): d for the last digit of a gap, 32+d for the others; in a
  // bitmap (after generator/search.BitmapMark, ".") a digit is worth the
  // same, six meetings' bits.
  var DIGIT = new Int8Array(128);
  (function () {
    var last = "0123456789ABCDEFGHIJKLMNOPQRSTUV", more = "WXYZabcdefghijklmnopqrstuvwxyz-_";
    for (var d = 0; d < 32; d++) { DIGIT[last.charCodeAt(d)] = d; DIGIT[more.charCodeAt(d)] = 32 + d; }
  })();

  // postings returns the meetings of term k, in order.
  function postings(k) {
    var c = X.postCache.get(k);
    if (c) return c;
    var s = X.post[k], out = [], i;
    if (s.charCodeAt(0) === 46) {
      for (i = 1; i < s.length; i++) {
        var v = DIGIT[s.charCodeAt(i) & 127];
        for (var b = 0; v; b++, v >>= 1) if (v & 1) out.push((i - 1) * 6 + b);
      }
    } else {
      var prev = -1, acc = 0;
      for (i = 0; i < s.length; i++) {
        var d = DIGIT[s.charCodeAt(i) & 127];
        if (d >= 32) { acc = acc * 32 + d - 32; continue; }
        prev += acc * 32 + d;
        acc = 0;
        out.push(prev);
      }
    }
    if (X.postCache.size > 512) X.postCache.clear();
    X.postCache.set(k, out);
    return out;
  }

  // lowerBound is the first index of the sorted list whose word is not
  // before w.
  function lowerBound(list, w) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < w) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function hasDigit(w) { return /[0-9]/.test(w); }
  function isLetter(c) { return c >= 97 && c <= 122 || c > 127; }

  // typos is how many typos a query word of n letters may have.
  function typos(w) { return w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0; }

  // expand returns the words of a sorted list a query word w matches, as
  // [index, quality] pairs: w itself (1), the words it starts (0.75 to
  // 0.95, the more of the word typed the more; a word that ends in a digit
  // does not start a longer number: "v2" is not "v20"), and, for a word of
  // letters, those within its typos (0.6 for one, 0.45 for two), or, for
  // the word being typed, whose start is (0.5, 0.35).
  function expand(list, w, which, typing) {
    var key = which + (typing ? "+" : " ") + w, c = X.expandCache.get(key);
    if (c) return c;
    var out = [], p0 = lowerBound(list, w), k = p0, n = w.length, digitEnd = isDigit(w.charCodeAt(n - 1));
    for (; k < list.length && list[k].lastIndexOf(w, 0) === 0; k++) {
      var t = list[k];
      if (t.length === n) { out.push([k, 1]); continue; }
      if (digitEnd && isDigit(t.charCodeAt(n))) continue;
      out.push([k, 0.75 + 0.2 * n / t.length]);
    }
    var p1 = k, max = typos(w);
    if (max && !hasDigit(w)) {
      for (k = 0; k < list.length; k++) {
        if (k === p0 && p1 > p0) { k = p1 - 1; continue; }
        var s = list[k];
        if (!isLetter(s.charCodeAt(0)) || s.length < n - max) continue;
        var dd = distance(w, s, max), full = dd & 15, pre = dd >> 4;
        if (full <= max) out.push([k, full === 1 ? 0.6 : 0.45]);
        else if (typing && pre <= max) out.push([k, pre === 1 ? 0.5 : 0.35]);
      }
    }
    if (X.expandCache.size > 128) X.expandCache.clear();
    X.expandCache.set(key, out);
    return out;
  }

  // newScores returns the scores of a query's unit i, cleared: s, by doc;
  // how, by doc, where it matched (IN_…); term, by meeting, the term of the
  // text it matched (-1 for none); whether it matched anything (hit),
  // anything as written or as a start (exact), and the words it matched
  // with typos (words). The arrays are kept from search to search, so a
  // search's scores last only until the next one.
  var POOL = [];
  function newScores(i, n, nm) {
    var sc = POOL[i];
    if (!sc || sc.s.length !== n || sc.term.length !== nm) {
      sc = POOL[i] = { s: new Float32Array(n), how: new Uint8Array(n), term: new Int32Array(nm) };
    } else {
      sc.s.fill(0);
      sc.how.fill(0);
    }
    sc.term.fill(-1);
    sc.hit = sc.exact = false;
    sc.words = new Set();
    return sc;
  }
  function put(sc, d, v, how) {
    if (v > sc.s[d]) { sc.s[d] = v; sc.how[d] = how; }
  }

  // matchWord scores the docs a query word matches.
  function matchWord(w, sc, typing) {
    var k, j, e, q;
    var np = X.people.length, nt = X.tags.length, ns = X.series.length;
    var pq = new Float32Array(np), tq = new Float32Array(nt), sq = new Float32Array(ns), meta = false;
    var tv = expand(X.vocab, w, "v", typing);
    for (k = 0; k < tv.length; k++) {
      q = tv[k][1];
      var p = X.vpost[tv[k][0]];
      if (q >= 0.75) sc.exact = true; else sc.words.add(X.vocab[tv[k][0]]);
      sc.hit = true;
      for (j = 0; j < p.length; j++) {
        e = p[j];
        var d = e >> 2, cls = e & 3;
        put(sc, d, CLASS_W[cls] * q, cls + 1);
        if (cls !== 0 || d >= X.M0) continue;
        meta = true;
        if (d < X.S0) { if (q > pq[d]) pq[d] = q; }
        else if (d < X.T0) { if (q > sq[d - X.S0]) sq[d - X.S0] = q; }
        else if (q > tq[d - X.T0]) tq[d - X.T0] = q;
      }
    }
    if (meta) {
      // The meetings of the people, tags and series matched, and the
      // people's actions.
      var lists = [[pq, X.byPerson], [pq, X.byOwner], [tq, X.byTag], [sq, X.bySeries]];
      for (var l = 0; l < lists.length; l++) {
        var qs = lists[l][0], by = lists[l][1];
        for (k = 0; k < qs.length; k++) {
          if (!qs[k]) continue;
          var ds = by[k], v = W_META * qs[k];
          for (j = 0; j < ds.length; j++) put(sc, ds[j], v, IN_META);
        }
      }
    }
    var bv = expand(X.terms, w, "t", typing);
    for (k = 0; k < bv.length; k++) {
      q = bv[k][1];
      if (q >= 0.75) sc.exact = true; else sc.words.add(X.terms[bv[k][0]]);
      sc.hit = true;
      var ms = postings(bv[k][0]), v = W_BODY * q;
      for (j = 0; j < ms.length; j++) {
        d = X.M0 + ms[j];
        if (v > sc.s[d]) { sc.s[d] = v; sc.how[d] = IN_BODY; sc.term[ms[j]] = bv[k][0]; }
        else if (sc.how[d] !== IN_BODY && sc.term[ms[j]] < 0) sc.term[ms[j]] = bv[k][0];
      }
    }
  }

  // matchDate scores the docs a date matches: meetings of that day, actions
  // due then, and titles and notes that name it. A date without a year is
  // that day of every year.
  function matchDate(key, sc) {
    var md = key.slice(1, 6), year = key.length > 6 ? key.slice(7) : "", docs = X.docs, d, k, j, q;
    for (d = X.M0; d < docs.length; d++) {
      var x = docs[d], day = x.k === "meeting" ? x.r[2] : x.r[5];
      if (!day || day.slice(5) !== md || year && day.slice(0, 4) !== year) continue;
      put(sc, d, x.k === "meeting" ? (year ? W_DAY : W_DAY * 0.9) : W_META, x.k === "meeting" ? IN_DAY : IN_META);
      sc.hit = sc.exact = true;
    }
    for (var l = 0; l < 2; l++) {
      var list = l === 0 ? X.vocab : X.terms, hits = [];
      if (year) {
        k = lowerBound(list, key);
        if (list[k] === key) hits.push([k, 1]);
        k = lowerBound(list, "~" + md);
        if (list[k] === "~" + md) hits.push([k, 0.7]);
      } else {
        for (k = lowerBound(list, key); k < list.length && list[k].lastIndexOf(key, 0) === 0; k++) hits.push([k, 1]);
      }
      for (k = 0; k < hits.length; k++) {
        q = hits[k][1];
        sc.hit = sc.exact = true;
        if (l === 0) {
          var p = X.vpost[hits[k][0]];
          for (j = 0; j < p.length; j++) put(sc, p[j] >> 2, CLASS_W[p[j] & 3] * q, (p[j] & 3) + 1);
        } else {
          var ms = postings(hits[k][0]);
          for (j = 0; j < ms.length; j++) {
            d = X.M0 + ms[j];
            if (W_BODY * q > sc.s[d]) { sc.s[d] = W_BODY * q; sc.how[d] = IN_BODY; sc.term[ms[j]] = hits[k][0]; }
          }
        }
      }
    }
  }

  // better reports whether result a goes before result b: the higher score,
  // then people, series, tags, meetings, actions; then what took place
  // before what is to come, open actions before closed ones, the newest
  // first.
  function better(a, b) {
    if (a.score !== b.score) return a.score > b.score;
    var xa = a.x, xb = b.x;
    if (xa.k !== xb.k) return KIND_ORDER[xa.k] < KIND_ORDER[xb.k];
    if (!xa.fut !== !xb.fut) return !xa.fut;
    if (xa.k === "action" && xa.open !== xb.open) return xa.open;
    if (xa.dt !== xb.dt) return xa.dt > xb.dt;
    return a.d < b.d;
  }

  // parse cuts a query into units: its words and dates, each with its text
  // as typed (folded), whether a result must have it (stop words need not,
  // unless all are) and whether it is being typed (last), and no unit twice.
  function parse(q) {
    var p = units(q, false), seen = Object.create(null), out = [], i, any = false;
    for (i = 0; i < p.u.length; i++) {
      var u = p.u[i];
      if (seen[u.w]) continue;
      seen[u.w] = true;
      out.push({ w: u.w, date: u.date, text: p.f.slice(u.a, u.b), req: u.date || !X.stop[u.w] });
      any = any || out[out.length - 1].req;
    }
    if (!any) out.forEach(function (u) { u.req = true; });
    // The last word is still being typed unless a space follows it.
    var lastU = p.u[p.u.length - 1];
    if (lastU && lastU.b === p.f.length) out.forEach(function (u) { if (u.w === lastU.w) u.last = true; });
    return out;
  }

  // search returns the best matching docs, best first (list, with their
  // scores), how many match (total), and the query's units with their
  // scores (until the next search). A doc matches when it matches every
  // unit a result must have; its score is the sum of its units' scores.
  function search(q) {
    var us = parse(q);
    if (!us.length) return { list: [], total: 0, units: us };
    var docs = X.docs, n = docs.length, nm = X.meetings.length, i, d;
    for (i = 0; i < us.length; i++) {
      us[i].sc = newScores(i, n, nm);
      if (us[i].date) matchDate(us[i].w, us[i].sc); else matchWord(us[i].w, us[i].sc, us[i].last);
    }
    var top = [], total = 0, U = us.length, S = [], req = [];
    for (i = 0; i < U; i++) { S.push(us[i].sc.s); req.push(us[i].req); }
    var probe = { x: null, d: 0, score: 0 };
    for (d = 0; d < n; d++) {
      var score = 0, ok = true;
      for (i = 0; i < U; i++) {
        var v = S[i][d];
        if (v > 0) score += v;
        else if (req[i]) { ok = false; break; }
      }
      if (!ok || score <= 0) continue;
      var x = docs[d];
      if (x.fut) score *= FUTURE;
      total++;
      probe.x = x;
      probe.d = d;
      probe.score = Math.round(score * 1000) / 1000;
      if (top.length === MAX_SHOWN && !better(probe, top[MAX_SHOWN - 1])) continue;
      var res = { x: x, d: d, score: probe.score }, lo = 0, hi = top.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (better(res, top[mid])) hi = mid; else lo = mid + 1;
      }
      top.splice(lo, 0, res);
      if (top.length > MAX_SHOWN) top.pop();
    }
    return { list: top, total: total, units: us };
  }

  // closest is the word of the index nearest to w, within a few edits, that
  // most docs have; "" when none is.
  function closest(w) {
    var max = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3, best = "", bestD = max + 1, bestN = 0;
    [[X.vocab, X.vpost], [X.terms, X.post]].forEach(function (l) {
      var list = l[0];
      for (var k = 0; k < list.length; k++) {
        var s = list[k];
        if (s.charCodeAt(0) === 126 || Math.abs(s.length - w.length) > max) continue;
        var dd = distance(w, s, max) & 15;
        if (dd > max) continue;
        var cnt = l[1][k].length;
        if (dd < bestD || dd === bestD && cnt > bestN) { best = s; bestD = dd; bestN = cnt; }
      }
    });
    return best;
  }

  // suggest returns a query like q that finds something, or "": its words
  // that match nothing replaced by the nearest word of the index (or left
  // out), or, when each matches on its own, without the word that leaves the
  // most results.
  function suggest(res) {
    var us = res.units, parts = [], changed = false, i;
    if (!us.length) return "";
    for (i = 0; i < us.length; i++) {
      var u = us[i];
      if (u.date || u.sc.exact) { parts.push(u.text); continue; }
      var c = closest(u.w);
      if (c && c !== u.w) { parts.push(c); changed = true; }
      else if (u.sc.hit) parts.push(u.text);
      else changed = true;
    }
    var s = parts.join(" "), best = "", bestN = 0;
    if (changed && s && search(s).total > 0) return s;
    if (parts.length < 2) return "";
    for (i = 0; i < parts.length; i++) {
      var t = parts.slice(0, i).concat(parts.slice(i + 1)).join(" "), n = search(t).total;
      if (n > bestN) { best = t; bestN = n; }
    }
    return best;
  }

  // ---- showing results ----
  // marker returns a function telling which part of a word (folded) the
  // query's units match: [0, end) or null.
  function marker(us) {
    var pre = [], full = new Set(), dates = [];
    us.forEach(function (u) {
      if (u.date) { dates.push(u.w); return; }
      pre.push(u.w);
      u.sc.words.forEach(function (w) { full.add(w); });
    });
    return {
      dates: dates,
      word: function (w) {
        if (full.has(w)) return w.length;
        var end = 0;
        for (var i = 0; i < pre.length; i++) {
          var p = pre[i];
          if (w.lastIndexOf(p, 0) !== 0 || p.length <= end) continue;
          if (p.length < w.length && isDigit(p.charCodeAt(p.length - 1)) && isDigit(w.charCodeAt(p.length))) continue;
          end = p.length;
        }
        return end;
      }
    };
  }

  // highlight writes s into e with what the query matches marked: the start
  // of a word it starts, a word it matched with typos, a date it names.
  function highlight(e, s, mk) {
    var spans = [], m, i, end;
    if (NON_ASCII.test(s)) {
      TOKEN_U.lastIndex = 0;
      while ((m = TOKEN_U.exec(s)) !== null) {
        var tok = m[0], w = cut(fold(tok));
        if (!(end = mk.word(w))) continue;
        // A start keeps its length only when folding did not change it.
        spans.push([m.index, m.index + (end < w.length && w.length === tok.length ? end : tok.length)]);
      }
    } else {
      // Folding an ASCII text keeps every character where it is.
      tokenize(s);
      for (i = 0; i < TN; i++) if ((end = mk.word(TW[i]))) spans.push([TA[i], TA[i] + Math.min(end, TB[i] - TA[i])]);
      if (mk.dates.length) {
        eachUnit(s, false, function (w, a, b, date) {
          if (!date) return;
          for (var j = 0; j < mk.dates.length; j++) {
            var q = mk.dates[j];
            if (w.lastIndexOf(q, 0) === 0 || w.length === 6 && q.lastIndexOf(w, 0) === 0) spans.push([a, b]);
          }
        });
      }
    }
    if (!spans.length) { e.textContent = s; return; }
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    spans.forEach(function (sp) {
      if (sp[1] <= pos) return;
      if (sp[0] < pos) sp = [pos, sp[1]];
      if (sp[0] > pos) e.appendChild(doc.createTextNode(s.slice(pos, sp[0])));
      e.appendChild(el("mark", null, s.slice(sp[0], sp[1])));
      pos = sp[1];
    });
    if (pos < s.length) e.appendChild(doc.createTextNode(s.slice(pos)));
  }

  // excerpt writes into e the words of a meeting's text that query words
  // matched there only (not in its title, people, tags, series or snippet),
  // and its snippet, with its matches marked. It returns false when there is
  // nothing to write.
  function excerpt(e, res, mk, us) {
    var x = res.x, snip = x.r[6] || "", also = [], seen = Object.create(null);
    us.forEach(function (u) {
      var how = u.sc.how[res.d];
      if (how !== IN_BODY) return;
      var k = u.sc.term[x.i];
      var w = k >= 0 ? X.terms[k] : u.w;
      if (w.charCodeAt(0) === 126) w = u.text;
      if (!seen[w]) { seen[w] = true; also.push(w); }
    });
    if (!snip && !also.length) return false;
    // What the text mentions goes first: a long snippet is cut on screen.
    if (also.length) {
      var a = el("span", "rs-also", "Mentions ");
      also.forEach(function (w, i) {
        if (i) a.appendChild(doc.createTextNode(", "));
        a.appendChild(el("mark", null, w));
      });
      if (snip) a.appendChild(doc.createTextNode(" · "));
      e.appendChild(a);
    }
    if (snip) {
      var s = el("span", "rs-snip");
      highlight(s, snip, mk);
      e.appendChild(s);
    }
    return true;
  }

  // ---- the dialog ----
  var ui = null, isOpen = false, active = -1, shown = [], opener = null, inerted = [], suggestion = "";

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
    input.name = "q";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Search meetings, people, tags, actions, notes, dates…";
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
    status.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest(".rs-suggest")) { e.preventDefault(); takeSuggestion(); }
    });
    ui = { back: back, dlg: dlg, input: input, list: list, status: status };
  }

  function open(q) {
    ensureCSS();
    if (!ui) build();
    if (typeof q === "string") ui.input.value = q;
    if (isOpen) { ui.input.focus(); if (X && typeof q === "string") update(); return; }
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
    else {
      ui.status.textContent = "Loading the search index…";
      whenIndex(function () { if (isOpen) update(); }, function (msg) { ui.status.textContent = msg; });
    }
  }

  // whenIndex calls ready once the index is loaded and prepared, or fail
  // with a message when it cannot be.
  function whenIndex(ready, fail) {
    if (X) { ready(); return; }
    if (window.RECAP_SEARCH) { prepare(window.RECAP_SEARCH); ready(); return; }
    if (failed) { if (fail) fail("The search index (assets/search-index.js) could not be loaded."); return; }
    waiting.push([ready, fail]);
    if (loading) return;
    loading = true;
    var t0 = performance.now();
    var done = function (msg) {
      loading = false;
      var w = waiting;
      waiting = [];
      w.forEach(function (cb) { if (msg) { if (cb[1]) cb[1](msg); } else cb[0](); });
    };
    loadScript("search-index.js", function () {
      timing.load = performance.now() - t0;
      if (!window.RECAP_SEARCH) { failed = true; done("The search index is empty."); return; }
      prepare(window.RECAP_SEARCH);
      done("");
    }, function () {
      failed = true;
      done("The search index (assets/search-index.js) could not be loaded.");
    });
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    ui.back.hidden = true;
    html.classList.remove("rs-is-open");
    inerted.forEach(function (c) { c.inert = false; });
    inerted = [];
    syncURL("");
    if (opener && opener.focus && doc.contains(opener)) opener.focus();
    opener = null;
  }

  // syncURL keeps the page's URL's ?q= in step with the search, so that it
  // can be bookmarked and the browser's back button comes back to it;
  // syncSoon does it once typing pauses (browsers limit how often a page
  // may change its URL).
  var syncTimer = 0;
  function syncSoon(q) {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(function () { if (isOpen) syncURL(q); }, 250);
  }
  function syncURL(q) {
    clearTimeout(syncTimer);
    try {
      var u = new URL(location.href);
      if (q) u.searchParams.set("q", q);
      else if (u.searchParams.has("q")) u.searchParams.delete("q");
      else return;
      if (u.href !== location.href) history.replaceState(history.state, "", u.href);
    } catch (e) { /* some browsers refuse it from file:// */ }
  }

  function takeSuggestion() {
    if (!suggestion) return;
    ui.input.value = suggestion;
    ui.input.focus();
    update();
  }

  function update() {
    if (!X || !ui) return;
    var t0 = performance.now();
    var q = ui.input.value;
    var res = search(q);
    timing.search = performance.now() - t0;
    var list = ui.list, frag = doc.createDocumentFragment();
    shown = res.list;
    var mk = marker(res.units);
    for (var i = 0; i < shown.length; i++) frag.appendChild(option(shown[i], i, mk, res.units));
    list.textContent = "";
    list.appendChild(frag);
    timing.render = performance.now() - t0 - timing.search;
    ui.input.setAttribute("aria-expanded", shown.length ? "true" : "false");
    suggestion = "";
    var st = ui.status;
    while (st.firstChild) st.removeChild(st.firstChild);
    if (!res.units.length) st.textContent = "Type to search titles, people, tags, action items, notes and dates.";
    else if (!res.total) {
      suggestion = suggest(res);
      st.appendChild(doc.createTextNode("No results for “" + q.trim() + "”." + (suggestion ? " Did you mean " : "")));
      if (suggestion) {
        var b = el("button", "rs-suggest", suggestion);
        b.type = "button";
        b.tabIndex = -1;
        b.setAttribute("aria-label", "Search for " + suggestion + " (Enter)");
        st.appendChild(b);
        st.appendChild(doc.createTextNode("?"));
      }
    } else {
      var txt = res.total > shown.length ? "Showing the best " + shown.length + " of " + res.total + " results." : res.total === 1 ? "1 result." : res.total + " results.";
      var fuzzy = res.units.filter(function (u) { return !u.date && !u.sc.exact && u.sc.hit; }).map(function (u) { return "“" + u.text + "”"; });
      if (fuzzy.length) txt += " Close spellings of " + fuzzy.join(", ") + " included.";
      st.textContent = txt;
    }
    setActive(shown.length ? 0 : -1, true);
    syncSoon(q.trim());
    timing.last = performance.now() - t0;
  }

  function option(res, i, mk, us) {
    var x = res.x;
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
    highlight(t, title(x), mk);
    a.appendChild(t);
    var s = sub(x);
    if (s) {
      var se = el("span", "rs-sub");
      if (x.k === "action" || x.k === "meeting") highlight(se, s, mk); else se.textContent = s;
      a.appendChild(se);
    }
    if (x.k === "meeting") {
      var ex = el("span", "rs-excerpt");
      if (excerpt(ex, res, mk, us)) a.appendChild(ex);
    }
    return a;
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
        } else if (suggestion) {
          takeSuggestion();
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
    b.addEventListener("click", function () { open(); });
    // Start loading the index when the pointer heads for the button.
    b.addEventListener("pointerenter", function () { if (!X && !loading && !failed) { ensureCSS(); if (!ui) build(); whenIndex(function () {}); } }, { once: true });
  });

  // A search in the URL (?q=words, as a bookmark or the browser's site
  // search leaves it) opens at once.
  var fromURL = null;
  try { fromURL = new URLSearchParams(location.search).get("q"); } catch (e) { /* no URLSearchParams */ }
  if (fromURL && fromURL.trim()) open(fromURL);

  // For tests and tools: open and close programmatically, and query: a
  // promise of what a search finds, as the dialog ranks it.
  window.recapSearch = {
    open: open,
    close: close,
    query: function (q) {
      return new Promise(function (resolve, reject) {
        whenIndex(function () {
          var res = search(q), mk = marker(res.units);
          resolve({
            total: res.total,
            suggestion: res.total ? "" : suggest(res),
            results: res.list.map(function (r) {
              var ex = el("span");
              if (r.x.k === "meeting") excerpt(ex, r, mk, res.units);
              var t = el("span");
              highlight(t, title(r.x), mk);
              return {
                kind: r.x.k, href: new URL(root + link(r.x), location.href).href, title: title(r.x), sub: sub(r.x),
                excerpt: ex.textContent, marked: Array.prototype.map.call(t.querySelectorAll("mark"), function (m) { return m.textContent; })
                  .concat(Array.prototype.map.call(ex.querySelectorAll("mark"), function (m) { return m.textContent; })),
                score: r.score
              };
            })
          });
        }, function (msg) { reject(new Error(msg)); });
      });
    }
  };
})();
