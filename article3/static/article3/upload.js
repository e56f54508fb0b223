// Upload with progress: each file is sent on its own, so one refusal never stops the rest.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var list = document.getElementById("upload-progress");
  var zone = document.getElementById("dropzone");

  function line(text, cls) {
    var li = document.createElement("li");
    li.textContent = text;
    if (cls) { li.className = cls; }
    list.appendChild(li);
    return li;
  }

  function send(file) {
    var data = new FormData(form);
    data.delete("uploads");
    data.append("uploads", file);
    var li = line(file.name + ": 0%");
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { li.textContent = file.name + ": " + Math.round(100 * e.loaded / e.total) + "%"; }
      };
      xhr.onload = function () {
        try {
          var r = JSON.parse(xhr.responseText).results[0];
          li.textContent = r.ok ? file.name + ": received, converting…" : file.name + ": not taken. " + r.error;
          li.className = r.ok ? "ok" : "missing";
        } catch (err) { li.textContent = file.name + ": the server did not answer (" + xhr.status + ")"; li.className = "missing"; }
        resolve();
      };
      xhr.onerror = function () { li.textContent = file.name + ": upload failed; try again"; li.className = "missing"; resolve(); };
      xhr.send(data);
    });
  }

  function sendAll(files) {
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (f) { chain = chain.then(function () { return send(f); }); });
    chain.then(poll);
  }

  function poll() {
    fetch(form.dataset.statusUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var busy = false;
      data.documents.forEach(function (d) {
        var row = document.querySelector('tr[data-key="' + d.key + '"] .status');
        if (row) { row.textContent = d.status + (d.progress ? " · " + d.progress : "") + (d.error_message ? " · " + d.error_message : ""); }
        if (d.status === "received" || d.status === "processing") { busy = true; }
        if (!row) { busy = true; }
      });
      if (busy) { setTimeout(poll, 2000); } else { window.location.reload(); }
    });
  }

  form.addEventListener("submit", function (e) {
    if (!input.files.length) { return; }
    e.preventDefault();
    sendAll(input.files);
  });
  ["dragover", "dragenter"].forEach(function (t) { zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); }); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) { e.preventDefault(); zone.classList.remove("over"); sendAll(e.dataTransfer.files); });
  if (document.querySelector(".status-received, .status-processing")) { poll(); }
})();
