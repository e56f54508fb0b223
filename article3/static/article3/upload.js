// Upload with a live row per file: uploading %, received, converting, then ready or refused.
// Each file is sent on its own, so one refusal never stops the rest; every row's polling ends
// when its document is ready or could not be read, and refusals stay until dismissed.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var POLL_MS = 1500;
  // The page's words, in the reader's language (see UPLOAD_WORDS in article3/evidence/views.py).
  var WORDS = JSON.parse(document.getElementById("upload-words").textContent);

  function say(key, values) {
    return WORDS[key].replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); }).replace(/%%/g, "%");
  }

  function text(el, value, cls) {
    el.textContent = value;
    el.className = "upload-state" + (cls ? " " + cls : "");
  }

  function describe(d) {
    var words = d.label + (d.progress && !d.finished ? " · " + d.progress : "");
    if (d.error) { words += " · " + d.error; }
    if (d.warnings && d.warnings.length) { words += " · " + say("warning", { warnings: d.warnings.join(" ") }); }
    return words;
  }

  // Follows one document until its conversion ends; `show` gets each answer.
  function follow(url, show) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (d) {
      show(d);
      if (!d.finished) { setTimeout(function () { follow(url, show); }, POLL_MS); }
    }).catch(function () {
      show({ label: WORDS.lost, finished: true, failed: true });
    });
  }

  function cell(row, value, cls) {
    var td = document.createElement("td");
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = value || ""; }
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function documentsBody() {
    var table = document.getElementById("documents");
    if (!table) {
      var empty = document.querySelector("p.empty");
      table = document.createElement("table");
      table.id = "documents";
      var head = table.createTHead().insertRow();
      WORDS.headers.forEach(function (h) {
        var th = document.createElement("th"); th.textContent = h; head.appendChild(th);
      });
      table.appendChild(document.createElement("tbody"));
      if (empty) { empty.replaceWith(table); } else { form.closest("section").after(table); }
    }
    return table.tBodies[0];
  }

  // The new document's row in the evidence table, added without reloading the page.
  function addDocumentRow(r) {
    var row = document.createElement("tr");
    row.dataset.key = r.key;
    var link = document.createElement("a");
    link.href = r.url;
    link.textContent = r.key;
    cell(row, link); cell(row, r.kind); cell(row, r.title); cell(row, r.date); cell(row, r.language);
    var state = cell(row, WORDS.received, "status");
    var pages = cell(row, "");
    documentsBody().appendChild(row);
    return { state: state, pages: pages };
  }

  function dismissable(li) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "dismiss";
    button.textContent = WORDS.dismiss;
    button.addEventListener("click", function () { li.remove(); });
    li.appendChild(document.createTextNode(" "));
    li.appendChild(button);
  }

  function received(li, state, r) {
    text(state, WORDS.converting, "ok");
    var row = addDocumentRow(r);
    follow(r.status_url, function (d) {
      row.state.textContent = describe(d);
      row.pages.textContent = d.pages ? String(d.pages) : "";
      if (!d.finished) { text(state, describe(d), "ok"); return; }
      li.dataset.state = d.status === "ready" ? "ready" : "failed";
      if (d.status === "ready") {
        text(state, WORDS.ready + (d.warnings && d.warnings.length ? " · " + say("warning", { warnings: d.warnings.join(" ") }) : ""), "ok");
      } else {
        text(state, say("unreadable", { reason: d.error || d.label }), "missing");
      }
      dismissable(li);
    });
  }

  function refused(li, state, reason) {
    li.dataset.state = "refused";
    text(state, say("refused", { reason: reason }), "missing");
    dismissable(li);
  }

  function rowFor(file, list) {
    var li = document.createElement("li");
    li.dataset.state = "waiting";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name + ": ";
    var state = document.createElement("span");
    text(state, WORDS.waiting);
    li.appendChild(name);
    li.appendChild(state);
    list.appendChild(li);
    return { li: li, state: state };
  }

  function send(file, row) {
    var data = new FormData(form);
    data.delete("uploads");
    data.append("uploads", file);
    row.li.dataset.state = "uploading";
    text(row.state, say("uploading", { percent: 0 }));
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { text(row.state, say("uploading", { percent: Math.round(100 * e.loaded / e.total) })); }
      };
      xhr.onload = function () {
        var r;
        try { r = JSON.parse(xhr.responseText).results[0]; } catch (err) { r = null; }
        if (!r) { refused(row.li, row.state, say("no_answer", { status: xhr.status })); }
        else if (r.ok) { row.li.dataset.state = "received"; received(row.li, row.state, r); }
        else { refused(row.li, row.state, r.error); }
        resolve();
      };
      xhr.onerror = function () { refused(row.li, row.state, WORDS.failed); resolve(); };
      xhr.send(data);
    });
  }

  function sendAll(files) {
    var list = document.getElementById("upload-progress");
    var rows = Array.prototype.map.call(files, function (f) { return rowFor(f, list); });
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (f, i) { chain = chain.then(function () { return send(f, rows[i]); }); });
    chain.then(function () { form.querySelector("input[type=file]").value = ""; });
  }

  // Documents still converting when the page opened: follow each until it ends.
  Array.prototype.forEach.call(document.querySelectorAll("tr[data-status-url]"), function (tr) {
    var state = tr.querySelector(".status");
    if (!state.classList.contains("status-received") && !state.classList.contains("status-processing")) { return; }
    follow(tr.dataset.statusUrl, function (d) { state.textContent = describe(d); });
  });

  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var zone = document.getElementById("dropzone");
  form.addEventListener("submit", function (e) {
    if (!input.files.length) { return; }
    e.preventDefault();
    sendAll(input.files);
  });
  ["dragover", "dragenter"].forEach(function (t) { zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); }); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) { e.preventDefault(); zone.classList.remove("over"); sendAll(e.dataTransfer.files); });
})();
