// Follows a report import on its progress page: shows each step, and reloads when it is done.
(function () {
  "use strict";
  var card = document.getElementById("import");
  if (!card || card.dataset.finished === "yes") { return; }
  function poll() {
    fetch(card.dataset.statusUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      if (d.finished) { window.location.reload(); return; }
      document.getElementById("import-status").textContent = d.status;
      document.getElementById("import-progress").textContent = d.progress || "Waiting for the worker to read the file";
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
