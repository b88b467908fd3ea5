// Kinerja's only script of its own: tree expand/collapse and confirmation of destructive actions.
// Loaded after htmx; no inline scripts anywhere (the Content-Security-Policy forbids them).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".tree-toggle");
    if (!toggle) return;
    event.preventDefault();
    var container = document.getElementById(toggle.dataset.target);
    if (toggle.dataset.loaded !== "1") {
      window.htmx.trigger(toggle, "load-children");
      return;
    }
    var open = toggle.getAttribute("aria-expanded") === "true";
    container.hidden = open;
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.classList && source.classList.contains("tree-toggle")) {
      source.dataset.loaded = "1";
      source.setAttribute("aria-expanded", "true");
      document.getElementById(source.dataset.target).hidden = false;
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
