// recap action filters: on the actions page, filter every action of the
// journal by owner, status, due window, tag and series, offline, from
// assets/actions-data.js (window.RECAP_ACTIONS, see generator/search). With
// any filter set, the owner groups the page was built with are hidden and the
// matching actions are listed in #action-results instead, with the same rows.
//
// The filters live in the URL's hash, so a filtered view can be bookmarked:
// actions/index.html#owner=dev&status=open&due=7d&tag=oncall&series=dev-sam.
// owner is a person's id or "-" for unassigned; status is open (with in
// progress), in-progress, done, cancelled or all; due is overdue, 7d, 14d or
// none (no due date); overdue=1 is due=overdue. A hash that is not filters
// (an owner group's #owner-dev anchor) is left alone.
(function () {
  "use strict";
  if (window.RECAP_FILTERS) return;
  window.RECAP_FILTERS = true;

  var doc = document;
  var box = doc.querySelector("[data-action-filters]");
  var out = doc.querySelector("[data-action-results]");
  if (!box || !out) return;
  var root = doc.documentElement.getAttribute("data-root") || "";
  var PAGE = 200; // rows rendered at once
  var KEYS = ["owner", "status", "due", "tag", "series"];
  var STATUS_LABEL = { open: "open", "in-progress": "in progress", done: "done", cancelled: "cancelled" };

  if (!doc.querySelector('link[href$="search.css"]')) {
    var l = doc.createElement("link");
    l.rel = "stylesheet";
    l.href = root + "assets/search.css";
    doc.head.appendChild(l);
  }


  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // ---- dates: recap.js's wording (RECAP.dates), as of the day the page is
  // read; without it, as of the build, ISO dates ----
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }
  function dayOf(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); }

  // A priority as the theme's "prio" partial draws it: an inline SVG icon.
  var PRIO_PATH = { highest: "M4 8.5 8 4.5l4 4M4 12.5l4-4 4 4", high: "M4 10.5l4-4 4 4", medium: "M4.5 6.5h7M4.5 9.5h7",
    low: "M4 5.5l4 4 4-4", lowest: "M4 3.5l4 4 4-4M4 7.5l4 4 4-4" };
  function prioIcon(p) {
    var span = el("span", "prio prio-" + p);
    span.title = p + " priority";
    var NS = "http://www.w3.org/2000/svg", svg = doc.createElementNS(NS, "svg");
    var attrs = { "class": "icon", viewBox: "0 0 16 16", width: "16", height: "16", fill: "none", stroke: "currentColor",
      "stroke-width": "1.8", "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", focusable: "false" };
    Object.keys(attrs).forEach(function (k) { svg.setAttribute(k, attrs[k]); });
    var path = doc.createElementNS(NS, "path");
    path.setAttribute("d", PRIO_PATH[p] || PRIO_PATH.medium);
    svg.appendChild(path);
    span.appendChild(svg);
    span.appendChild(el("span", "sr", p + " priority"));
    return span;
  }

  function init(D) {
    var built = D.today, dates = (window.RECAP || {}).dates;
    if (dates && dates.today < built) dates = null; // a clock behind the build: the build's view
    var today = dates ? dates.today : built, t0 = dayOf(today);
    var in7 = iso(t0 + 7 * 864e5), in14 = iso(t0 + 14 * 864e5);
    var shortDate = dates ? dates.short : function (d) { return d; };
    var dueLabel = dates ? function (d) { return d ? dates.due(d) : ""; } : function (d) { return d ? "due " + d : ""; };
    var people = D.people || [], tags = D.tags || [], series = D.series || [], meetings = D.meetings || [];
    var actions = (D.actions || []).map(function (r, i) {
      return {
        i: i, text: r[0], owner: r[1], status: r[2], due: r[3], tags: r[5], series: r[6],
        meeting: r[7], line: r[8], prio: r[9], done: r[10], cancelled: r[11], occ: r[12],
        open: r[2] === "open" || r[2] === "in-progress",
        // overdue at the build, or due on a day after the build that has passed
        overdue: !!r[4] || ((r[2] === "open" || r[2] === "in-progress") && !!r[3] && r[3] >= built && r[3] < today)
      };
    });
    var groups = doc.querySelectorAll("[data-action-groups]");
    if (!groups.length) groups = doc.querySelectorAll(".owner-group, .owner-index");

    function when(a) {
      if (a.open) return dueLabel(a.due);
      if (a.done) return "done " + shortDate(a.done);
      if (a.cancelled) return "cancelled " + shortDate(a.cancelled);
      if (a.due) return "was due " + shortDate(a.due);
      return "";
    }

    // ---- the controls ----
    var form = el("form", "action-filters");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter actions");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    function select(name, label, opts) {
      var wrap = el("label", "af-field");
      wrap.appendChild(el("span", "af-label", label));
      var s = el("select");
      s.name = name;
      s.setAttribute("data-filter", name);
      opts.forEach(function (o) {
        var op = el("option", null, o[1]);
        op.value = o[0];
        s.appendChild(op);
      });
      s.addEventListener("change", function () { state[name] = s.value; apply(true); });
      wrap.appendChild(s);
      form.appendChild(wrap);
      return s;
    }
    var byName = function (a, b) { return a[1].localeCompare(b[1]); };
    var ownerOpts = people.map(function (p, i) { return [p[0], p[1], i]; }).sort(byName);
    var ownerSet = {}, tagSet = {}, seriesSet = {};
    var hasUnassigned = actions.some(function (a) { return a.owner < 0; });
    var owners = [["", "Anyone"]].concat(ownerOpts.map(function (o) { ownerSet[o[0]] = o[2]; return [o[0], o[1]]; }));
    if (hasUnassigned) { owners.push(["-", "Unassigned"]); ownerSet["-"] = -1; }
    var tagOpts = tags.map(function (t, i) { tagSet[t[0]] = i; return [t[0], "#" + t[0]]; }).sort(byName);
    var seriesOpts = series.map(function (s, i) { seriesSet[s[0]] = i; return [s[0], s[1]]; }).sort(byName);
    var controls = {
      owner: select("owner", "Owner", owners),
      status: select("status", "Status", [["all", "Any status"], ["open", "Open (incl. in progress)"], ["in-progress", "In progress"], ["done", "Done"], ["cancelled", "Cancelled"]]),
      due: select("due", "Due", [["", "Any time"], ["overdue", "Overdue"], ["7d", "Next 7 days"], ["14d", "Next 14 days"], ["none", "No due date"]]),
      tag: select("tag", "Tag", [["", "Any tag"]].concat(tagOpts)),
      series: select("series", "Series", [["", "Any series"]].concat(seriesOpts))
    };
    if (!seriesOpts.length) controls.series.parentNode.hidden = true;
    if (!tagOpts.length) controls.tag.parentNode.hidden = true;
    var clear = el("button", "af-clear", "Clear filters");
    clear.type = "button";
    clear.addEventListener("click", function () { state = blank(); apply(true); });
    form.appendChild(clear);
    box.appendChild(form);

    // ---- state <-> hash ----
    function blank() { return { owner: "", status: "all", due: "", tag: "", series: "" }; }
    var valid = {
      owner: function (v) { return Object.prototype.hasOwnProperty.call(ownerSet, v); },
      status: function (v) { return v === "all" || Object.prototype.hasOwnProperty.call(STATUS_LABEL, v); },
      due: function (v) { return v === "overdue" || v === "7d" || v === "14d" || v === "none"; },
      tag: function (v) { return Object.prototype.hasOwnProperty.call(tagSet, v); },
      series: function (v) { return Object.prototype.hasOwnProperty.call(seriesSet, v); }
    };
    function fromHash() {
      var h = location.hash.slice(1);
      if (h.indexOf("=") < 0) return null; // not filters: an anchor
      var p = new URLSearchParams(h), st = blank(), any = false;
      KEYS.forEach(function (k) {
        var v = p.get(k);
        if (v == null) return;
        if (k === "tag") v = v.toLowerCase().replace(/^#/, "");
        if (valid[k](v)) { st[k] = v; any = true; }
      });
      if (p.get("overdue") === "1" || p.get("overdue") === "true") { st.due = "overdue"; any = true; }
      return any ? st : (KEYS.some(function (k) { return p.has(k); }) || p.has("overdue") ? blank() : null);
    }
    function active(st) { return !!(st.owner || st.status !== "all" || st.due || st.tag || st.series); }
    function toHash(st) {
      var p = new URLSearchParams();
      KEYS.forEach(function (k) { if (st[k] && !(k === "status" && st[k] === "all")) p.set(k, st[k]); });
      return p.toString();
    }
    var state = fromHash() || blank();

    // ---- filtering ----
    function matches(a, st, ownerIdx, tagIdx, seriesIdx) {
      if (st.owner && a.owner !== ownerIdx) return false;
      switch (st.status) {
        case "open": if (!a.open) return false; break;
        case "all": break;
        default: if (a.status !== st.status) return false;
      }
      switch (st.due) {
        case "overdue": if (!a.overdue) return false; break;
        case "7d": if (!a.open || !a.due || a.due < today || a.due > in7) return false; break;
        case "14d": if (!a.open || !a.due || a.due < today || a.due > in14) return false; break;
        case "none": if (a.due) return false; break;
      }
      if (st.tag && a.tags.indexOf(tagIdx) < 0) return false;
      if (st.series && a.series !== seriesIdx) return false;
      return true;
    }
    function order(a, b) {
      if (a.open !== b.open) return a.open ? -1 : 1;
      if (a.open) {
        if (a.due && !b.due) return -1;
        if (!a.due && b.due) return 1;
        if (a.due !== b.due) return a.due < b.due ? -1 : 1;
      }
      return b.i - a.i;
    }

    var list = [], shownCount = 0;
    function apply(write) {
      KEYS.forEach(function (k) { controls[k].value = state[k]; });
      if (write) {
        var h = toHash(state);
        try { history.replaceState(history.state, "", h ? "#" + h : location.pathname + location.search); }
        catch (e) { if (h) location.hash = h; }
      }
      var on = active(state);
      clear.hidden = !on;
      box.classList.toggle("is-active", on);
      Array.prototype.forEach.call(groups, function (g) { g.hidden = on; });
      out.hidden = !on;
      while (out.firstChild) out.removeChild(out.firstChild);
      if (!on) { list = []; return; }
      var oi = state.owner ? ownerSet[state.owner] : -2, ti = state.tag ? tagSet[state.tag] : -1, si = state.series ? seriesSet[state.series] : -1;
      list = actions.filter(function (a) { return matches(a, state, oi, ti, si); }).sort(order);
      var head = el("p", "af-count", list.length === 1 ? "1 action matches." : list.length + " actions match.");
      head.setAttribute("role", "status");
      out.appendChild(head);
      if (!list.length) { out.appendChild(el("p", "empty", "No actions match these filters.")); return; }
      var card = el("section", "card af-results");
      card.setAttribute("aria-label", "Filtered actions");
      var ul = el("ul", "actions");
      card.appendChild(ul);
      out.appendChild(card);
      shownCount = 0;
      more(ul, card);
    }
    function more(ul, card) {
      var end = Math.min(list.length, shownCount + PAGE);
      var frag = doc.createDocumentFragment();
      for (var i = shownCount; i < end; i++) frag.appendChild(row(list[i]));
      ul.appendChild(frag);
      shownCount = end;
      var old = card.querySelector(".af-more");
      if (old) old.parentNode.removeChild(old);
      if (shownCount < list.length) {
        var p = el("p", "more af-more");
        var b = el("button", "af-more-btn", "Show " + Math.min(PAGE, list.length - shownCount) + " more (" + (list.length - shownCount) + " left)");
        b.type = "button";
        b.addEventListener("click", function () { more(ul, card); });
        p.appendChild(b);
        card.appendChild(p);
      }
    }

    // ---- rows: the theme's "action-row" partial, with the owner shown; the
    // text leaves out a leading @owner and keeps its #tags as written ----
    function hue(id) {
      var h = 0;
      for (var ch of id) h = (h * 31 + ch.codePointAt(0)) % 360;
      return h;
    }
    function initials(name) {
      var f = name.trim().split(/\s+/).filter(Boolean);
      if (!f.length) return "?";
      var a = Array.from(f[0]), b = Array.from(f[f.length - 1]);
      return (f.length === 1 ? a[0] : a[0] + b[0]).toUpperCase();
    }
    function row(a) {
      var m = meetings[a.meeting] || ["", "", ""];
      var href = root + m[1] + "#L" + a.line;
      var li = el("li", "action" + (a.overdue ? " is-overdue" : "") + " st-" + a.status);
      var task = el("span", "task task-" + a.status);
      task.setAttribute("role", "img");
      task.setAttribute("aria-label", STATUS_LABEL[a.status] || a.status);
      li.appendChild(task);
      var main = el("div", "action-main");
      var link = el("a", "action-text", a.text);
      link.href = href;
      main.appendChild(link);
      var meta = el("div", "action-meta");
      var p = a.owner >= 0 ? people[a.owner] : null;
      if (p) {
        var o = el("a", "owner");
        o.href = root + p[2];
        var av = el("span", "avatar", initials(p[1]));
        av.style.setProperty("--h", String(hue(p[0])));
        av.setAttribute("aria-hidden", "true");
        o.appendChild(av);
        o.appendChild(doc.createTextNode(p[1]));
        meta.appendChild(o);
      } else meta.appendChild(el("span", "owner none", "Unassigned"));
      var w = when(a);
      if (w) meta.appendChild(el("span", "due" + (a.overdue ? " overdue" : ""), (a.overdue ? "⚠ " : "") + w));
      // The status in words when "when" does not say it (render.Action.ClosedOn).
      if (a.status !== "open" && !(!a.open && (a.done || a.cancelled))) meta.appendChild(el("span", "status status-" + a.status, STATUS_LABEL[a.status] || a.status));
      if (a.prio) meta.appendChild(prioIcon(a.prio));
      var from = el("a", "from", m[0] + " · " + shortDate(m[2]));
      from.href = href;
      meta.appendChild(from);
      if (a.occ > 1) {
        var c = el("span", "carried", "↻ " + a.occ);
        c.title = "carried across " + a.occ + " meetings";
        meta.appendChild(c);
      }
      main.appendChild(meta);
      li.appendChild(main);
      return li;
    }

    window.addEventListener("hashchange", function () {
      var st = fromHash();
      if (st) { state = st; apply(false); }
      else if (!location.hash) { state = blank(); apply(false); }
    });
    apply(false);
  }
  // Start last, once every constant above is set: actions-data.js may already
  // be loaded (the actions page includes it before this script).
  // recap.js, deferred after this script, has run by DOMContentLoaded.
  var started = false;
  function start() {
    if (started) return;
    started = true;
    if (window.RECAP_ACTIONS) init(window.RECAP_ACTIONS);
    else {
      var s = doc.createElement("script");
      s.src = root + "assets/actions-data.js";
      s.onload = function () { if (window.RECAP_ACTIONS) init(window.RECAP_ACTIONS); };
      doc.head.appendChild(s);
    }
  }
  if ((window.RECAP || {}).dates || doc.readyState === "complete") start();
  else {
    doc.addEventListener("DOMContentLoaded", start);
    window.addEventListener("load", start);
  }
})();
