// Exhibit order by drag and drop (or Alt+arrow keys), and live progress of running builds.
(function () {
  "use strict";
  var list = document.getElementById("exhibits");
  if (list) {
    var dragged = null;
    list.addEventListener("dragstart", function (e) { dragged = e.target.closest("li"); });
    list.addEventListener("dragover", function (e) {
      e.preventDefault();
      var over = e.target.closest("li");
      if (dragged && over && over !== dragged) {
        var after = e.clientY > over.getBoundingClientRect().top + over.offsetHeight / 2;
        list.insertBefore(dragged, after ? over.nextSibling : over);
      }
    });
    list.querySelectorAll("li").forEach(function (li) { li.tabIndex = 0; });
    list.addEventListener("keydown", function (e) {
      var li = e.target.closest("li");
      if (!li || !e.altKey) { return; }
      if (e.key === "ArrowUp" && li.previousElementSibling) { list.insertBefore(li, li.previousElementSibling); li.focus(); e.preventDefault(); }
      if (e.key === "ArrowDown" && li.nextElementSibling) { list.insertBefore(li.nextElementSibling, li); li.focus(); e.preventDefault(); }
    });
  }
  function poll(row) {
    fetch(row.dataset.buildStatus, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      row.querySelector(".build-status").textContent = (d.label || d.status) + (d.progress ? " · " + d.progress : "") + (d.error ? " · " + d.error : "");
      if (d.status === "queued" || d.status === "running") { setTimeout(function () { poll(row); }, 1500); } else { window.location.reload(); }
    });
  }
  document.querySelectorAll('tr[data-status="queued"], tr[data-status="running"]').forEach(poll);
})();
