// Sluice console: the few things a server-rendered page cannot do alone. No dependencies, nothing fetched
// from elsewhere. Pages work without it; it only adds live progress and "select all".
(function () {
  "use strict";

  // The active-run panel refreshes itself: every second while a run is active, every five seconds otherwise (to
  // notice runs started by a schedule). When a run ends the whole page is reloaded so the runs chart shows it.
  function poll(panel) {
    var url = panel.getAttribute("data-poll");
    var wasRunning = panel.getAttribute("data-running") === "true";
    var delay = wasRunning ? 1000 : 5000;
    window.setTimeout(function () {
      if (document.hidden) { poll(panel); return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (answer) {
          if (answer.redirected || !answer.ok) { throw new Error("status " + answer.status); }
          return answer.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.querySelector("#active-run");
          if (!fresh) { throw new Error("no panel"); }
          var running = fresh.getAttribute("data-running") === "true";
          if (running !== wasRunning) { window.location.assign(window.location.pathname); return; }
          panel.replaceWith(fresh);
          poll(fresh);
        })
        .catch(function () { window.setTimeout(function () { poll(panel); }, 5000); });
    }, delay);
  }

  function selectAll(box) {
    box.addEventListener("change", function () {
      var form = box.form || document;
      form.querySelectorAll('input[type=checkbox][name="' + box.getAttribute("data-select-all") + '"]').forEach(function (c) {
        c.checked = box.checked;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll]").forEach(poll);
    document.querySelectorAll("[data-select-all]").forEach(selectAll);
  });
})();
