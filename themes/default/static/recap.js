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
