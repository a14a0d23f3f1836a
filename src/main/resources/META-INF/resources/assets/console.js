// Small progressive enhancement for Klaxon's pages; everything works without it.
(function () {
  "use strict";
  // Copy buttons: <button data-copy="id-of-input-or-pre">. Writes to the clipboard and says so for screen readers.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-copy]");
    if (!b) return;
    e.preventDefault();
    var src = document.getElementById(b.getAttribute("data-copy"));
    if (!src) return;
    var text = src.value !== undefined ? src.value : src.textContent;
    var status = document.getElementById(b.getAttribute("data-copy") + "-status");
    var done = function () { if (status) status.textContent = "Copied"; b.setAttribute("data-copied", "true"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { select(src); done(); });
    } else { select(src); document.execCommand && document.execCommand("copy"); done(); }
  });
  // Filter forms apply as soon as a choice changes; their Show button stays for keyboards and no-JS.
  document.addEventListener("change", function (e) {
    var f = e.target.closest("form[data-autosubmit]");
    if (f) f.submit();
  });
  function select(el) { if (el.select) { el.select(); } }
  // Send the session's CSRF token with every htmx request as well (forms carry it as a field too).
  document.addEventListener("htmx:configRequest", function (e) {
    var m = document.querySelector('meta[name="csrf-token"]');
    if (m) e.detail.headers["X-CSRF-Token"] = m.getAttribute("content");
  });
})();
