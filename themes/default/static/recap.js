// recap: small progressive enhancements. The journal works without this script.
(function () {
  "use strict";
  var root = document.documentElement;
  var data = window.RECAP || {};

  // Pages are built once and read days later: what is relative to today is
  // worked out again here, with today and now in the site's time zone (on
  // <html data-tz>). The build's values stay as the fallback without
  // JavaScript.
  var now = new Date(), today = null;
  try {
    // en-CA formats as YYYY-MM-DD.
    today = new Intl.DateTimeFormat("en-CA", { timeZone: root.getAttribute("data-tz") || undefined,
      year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch (e) {}
  if (today && !/^\d{4}-\d{2}-\d{2}$/.test(today)) today = null;
  // The wording of dates, mirroring generator/render/view.go (short, ago,
  // dueLabel) exactly; filters.js uses it too, through RECAP.dates.
  var day = function (s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); };
  var diff = function (d) { return Math.round((day(d) - day(today)) / 864e5); }; // days from today to d
  var DOW = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var short = function (d) { // "Fri 27 Nov", with the year when not this year's
    var x = new Date(day(d));
    var s = DOW[x.getUTCDay()] + " " + x.getUTCDate() + " " + MON[x.getUTCMonth()];
    return d.slice(0, 4) === today.slice(0, 4) ? s : s + " " + d.slice(0, 4);
  };
  var ago = function (d) {
    var n = -diff(d);
    if (n === 0) return "today";
    if (n === 1) return "yesterday";
    if (n === -1) return "tomorrow";
    if (n > 60) return Math.floor(n / 30) + " months ago";
    if (n > 0) return n + " days ago";
    if (n < -60) return "in " + Math.floor(-n / 30) + " months";
    return "in " + -n + " days";
  };
  var due = function (d) {
    var n = diff(d);
    if (n === 0) return "due today";
    if (n === 1) return "due tomorrow";
    if (n === -1) return "1 day late";
    if (n < 0) return -n + " days late";
    if (n < 14) return "due in " + n + " days";
    return "due " + short(d);
  };
  if (today) data.dates = { today: today, short: short, ago: ago, due: due };
  window.RECAP = data;

  // reached reports whether d has come: a day (YYYY-MM-DD) is today or
  // before, an instant (RFC 3339) now or before; null when unknown.
  var reached = function (d) {
    if (!today || !d) return null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return d <= today;
    var t = Date.parse(d);
    return isNaN(t) ? null : t <= now.getTime();
  };

  // Counts (nav badges, the home page's numbers) come from
  // assets/site-data.js, so a change to them does not change every page.
  // The build's counts move on with data.later: actions that fall due and
  // meetings that happen or pass their review time since.
  var counts = {}, c0 = data.counts || {}, later = data.later;
  Object.keys(c0).forEach(function (k) { counts[k] = c0[k]; });
  if (today && later) {
    var dueOn = later.due || {};
    Object.keys(dueOn).forEach(function (d) { if (d < today) counts.overdue = (counts.overdue || 0) + dueOn[d]; });
    (later.review || []).forEach(function (r) {
      if (!r[2] && r[0] <= now.getTime()) counts.unreviewed = (counts.unreviewed || 0) + 1;
      if (r[1] < now.getTime()) counts.reviewOverdue = (counts.reviewOverdue || 0) + 1;
    });
  }
  document.querySelectorAll("[data-count]").forEach(function (el) {
    var n = counts[el.getAttribute("data-count")];
    if (typeof n !== "number") return;
    el.textContent = n;
    if (el.classList.contains("badge")) el.hidden = !n;
  });
  document.querySelectorAll("[data-count-any]").forEach(function (el) {
    var n = counts[el.getAttribute("data-count-any")];
    if (typeof n === "number") el.hidden = !n;
  });
  document.querySelectorAll("[data-flag]").forEach(function (el) {
    var n = counts[el.getAttribute("data-flag")], cls = el.getAttribute("data-flag-class");
    if (typeof n === "number" && cls) el.classList.toggle(cls, n > 0);
  });
  // data-from="D": shown once D has come; data-until="D": shown until it
  // has (a late mark and the "next due" it replaces, a meeting's review
  // state, a review queue's meeting to come). A data-show-any element is
  // shown while one of them inside it is.
  document.querySelectorAll("[data-from], [data-until]").forEach(function (el) {
    var f = el.getAttribute("data-from"), u = el.getAttribute("data-until");
    var a = f ? reached(f) : true, b = u ? reached(u) : false;
    if (a === null || b === null) return;
    el.hidden = !(a && !b);
  });
  document.querySelectorAll("[data-show-any]").forEach(function (el) {
    el.hidden = !el.querySelector("[data-from]:not([hidden]), [data-until]:not([hidden])");
  });

  // On a phone the nav scrolls sideways: the current page's item is scrolled
  // into it, not left behind its fading edge.
  var nav = document.querySelector(".nav"), cur = nav && nav.querySelector("[aria-current]");
  if (cur && nav.scrollWidth > nav.clientWidth) {
    var right = cur.offsetLeft - nav.offsetLeft + cur.offsetWidth;
    if (right > nav.clientWidth - 32) nav.scrollLeft = right - nav.clientWidth + 48;
  }

  var btn = document.querySelector("[data-theme-toggle]");
  if (btn) {
    btn.hidden = false;
    var dark = function () {
      var t = root.dataset.theme;
      if (t) return t === "dark";
      return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    var label = function () { btn.setAttribute("aria-pressed", dark() ? "true" : "false"); };
    label();
    btn.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("recap-theme", next); } catch (e) {}
      label();
    });
  }

  // Relative dates, recomputed when the page is opened: pages are built once
  // and read days later. Each element with data-rel carries its absolute date;
  // its text (the build's) stays as the no-JavaScript fallback.
  (function () {
    var els = document.querySelectorAll("[data-rel]");
    if (!els.length || !today) return;
    var dated = /^\d{4}-\d{2}-\d{2}/;
    els.forEach(function (el) {
      var d = el.getAttribute("data-date") || "", kind = el.getAttribute("data-rel");
      if (!dated.test(d)) return;
      if (kind === "today-iso") { // today as YYYY-MM-DD: "reviewed = 2026-11-30"
        el.textContent = today;
      } else if (kind === "today") { // the home page's date: the day it is read
        var t = new Date(day(today));
        el.textContent = DOW[t.getUTCDay()] + " " + t.getUTCDate() + " " + MON[t.getUTCMonth()] + " " + today.slice(0, 4);
      } else if (kind === "ago") {
        el.textContent = ago(d.slice(0, 10));
      } else if (kind === "due") {
        var late = diff(d.slice(0, 10)) < 0, label = due(d.slice(0, 10));
        if (el.classList.contains("due")) { // an action row's due label: "⚠ 3 days late"
          el.textContent = (late ? "⚠ " : "") + label;
          el.classList.toggle("overdue", late);
        } else {
          el.textContent = label;
        }
        var row = el.closest("li.action, li.ag-item");
        if (row) row.classList.toggle("is-overdue", late);
      } else if (kind === "review") {
        // Nothing is to review before the meeting, nor overdue before its due.
        var future = d.length === 10 ? d > today : Date.parse(d) > now.getTime();
        var dueAt = Date.parse(el.getAttribute("data-due") || "");
        var over = !future && !isNaN(dueAt) && now.getTime() > dueAt;
        el.hidden = future;
        el.classList.toggle("overdue", over);
        el.textContent = over ? "review overdue" : "to review";
      }
    });
  })();

  // The home page: an action of "due soon" that is late by the time the page
  // is read moves to the overdue list (after the ones overdue at the build,
  // which fell due earlier).
  (function () {
    var soon = document.querySelector("[data-soon-list] ul.actions"), od = document.querySelector("[data-overdue-list]");
    if (!soon || !od) return;
    var late = Array.prototype.filter.call(soon.children, function (li) { return li.classList.contains("is-overdue"); });
    if (!late.length) return;
    var ul = od.querySelector("ul.actions");
    if (!ul) {
      ul = document.createElement("ul");
      ul.className = "actions";
      var none = od.querySelector(".empty");
      if (none) none.parentNode.replaceChild(ul, none); else od.appendChild(ul);
    }
    late.forEach(function (li) { ul.appendChild(li); });
    if (!soon.children.length) {
      var p = document.createElement("p");
      p.className = "empty";
      p.textContent = "Nothing else is due in the next two weeks.";
      soon.parentNode.replaceChild(p, soon);
    }
  })();

  // "Copy recap" and "Download recap.md" on meeting pages: the recap is the
  // Markdown that `recap share` prints, embedded in the page.
  var src = document.getElementById("recap-md");
  if (src) {
    var status = document.querySelector(".share-status");
    var say = function (m) { if (status) { status.textContent = m; setTimeout(function () { status.textContent = ""; }, 2500); } };
    var copyBtn = document.querySelector("[data-copy-recap]");
    var dlBtn = document.querySelector("[data-download-recap]");
    var fallback = function () {
      src.hidden = false;
      src.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) {}
      src.hidden = true;
      say(ok ? "Recap copied" : "Copy failed: select the text and copy it");
    };
    if (copyBtn) {
      copyBtn.hidden = false;
      copyBtn.addEventListener("click", function () {
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(src.value).then(function () { say("Recap copied"); }, fallback);
        } else {
          fallback();
        }
      });
    }
    if (dlBtn && window.Blob && window.URL) {
      dlBtn.hidden = false;
      dlBtn.addEventListener("click", function () {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([src.value], { type: "text/markdown;charset=utf-8" }));
        a.download = "recap.md";
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      });
    }
  }
})();
