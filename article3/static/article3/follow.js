// Follows work done on the worker (an export, a document's reading) on its page: shows each step,
// and reloads the page when the work is finished. Without scripts the page refreshes itself.
(function () {
  "use strict";
  var card = document.getElementById("work");
  if (!card || card.dataset.finished === "yes") { return; }
  var waiting = document.getElementById("work-progress").textContent;
  function poll() {
    fetch(card.dataset.statusUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      if (d.finished) { window.location.reload(); return; }
      document.getElementById("work-status").textContent = d.status;
      document.getElementById("work-progress").textContent = d.progress || waiting;
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
