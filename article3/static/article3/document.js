// The document page: send a replacement original with upload progress, then follow its conversion.
(function () {
  "use strict";
  var status = document.getElementById("document-status");
  var form = document.getElementById("replace-form");
  // The page's words, in the reader's language (see DOCUMENT_WORDS in article3/evidence/views.py).
  var WORDS = JSON.parse(document.getElementById("document-words").textContent);

  function say(key, values) {
    return WORDS[key].replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); }).replace(/%%/g, "%");
  }

  // Follows this document's conversion until it ends, then shows the finished page once.
  function poll() {
    fetch(status.dataset.statusUrl, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (mine) {
      if (mine.finished) { window.location.reload(); return; }
      status.textContent = mine.label + (mine.progress ? " · " + mine.progress : "");
      setTimeout(poll, 2000);
    }).catch(function () {
      status.textContent += WORDS.lost;
    });
  }

  function send(e) {
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) { return; }  // the server says what is missing
    e.preventDefault();
    var note = document.getElementById("replace-progress");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (p) {
      if (p.lengthComputable) { note.textContent = say("sending", { percent: Math.round(100 * p.loaded / p.total) }); }
    };
    xhr.onload = function () {
      var answer;
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = { ok: false, error: say("no_answer", { status: xhr.status }) }; }
      if (answer.ok) { window.location.assign(answer.url); return; }
      note.textContent = answer.error;
      note.className = "missing";
    };
    xhr.onerror = function () { note.textContent = WORDS.failed; note.className = "missing"; };
    note.className = "";
    xhr.send(new FormData(form));
  }

  if (form) { form.addEventListener("submit", send); }
  if (status && (status.dataset.status === "received" || status.dataset.status === "processing")) { poll(); }
})();
