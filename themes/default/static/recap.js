// recap: small progressive enhancements. The journal works without this script.
(function () {
  "use strict";
  var root = document.documentElement;
  var data = window.RECAP || {};
  // Nav badges come from assets/site-data.js, so a change to the counts does not
  // change every page of the journal.
  var counts = data.counts || {};
  document.querySelectorAll("[data-count]").forEach(function (el) {
    var n = counts[el.getAttribute("data-count")];
    if (n) { el.textContent = n; el.hidden = false; }
  });
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
})();
