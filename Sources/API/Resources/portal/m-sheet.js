// The inspector's phone, with script (the pages work without it). Two things:
// 1. Each item's form is sent with fetch. A save that cannot be sent (offline, the
//    connection drops, the server busy) waits in IndexedDB, photo included, and is sent
//    in order when the connection is back (the `online` event, a timer that backs off,
//    the next page load). Each save carries its own idempotency key: the server applies
//    a key once, so a save that arrived before its answer was lost, sent again, cannot
//    undo an answer made after it.
// 2. On the confirmation page, a signature pad: the drawing is put into the form's file
//    input as a PNG when the form is sent.
"use strict";
(function () {
  var STORE = "saves";
  var connection = document.querySelector("[data-connection]");
  var progress = document.querySelector("[data-progress]");
  var forms = document.querySelectorAll("form[data-answer]");
  // One queue per account: on a shared phone, another person's session never sends it.
  var DB = "oversight-m-" + (connection ? connection.getAttribute("data-person") : "");
  var sending = false, again = false, counter = 0, database = null, pause = 0, resumeAt = 0;

  function open() {
    if (database) return database;
    database = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { database = null; reject(request.error); };
    });
    return database;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), result;
        result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function say(text) {
    if (!connection) return;
    connection.hidden = !text;
    connection.textContent = text || "";
  }

  function word(name) { return connection ? connection.getAttribute("data-" + name) || "" : ""; }

  function itemOf(action) {
    var match = /\/items\/([^/?#]+)/.exec(action);
    return match ? document.querySelector('[data-item="' + CSS.escape(decodeURIComponent(match[1])) + '"]') : null;
  }

  function mark(item, text, saved) {
    if (!item) return;
    var status = item.querySelector("[data-status]");
    if (status) status.textContent = text;
    if (saved) item.setAttribute("data-saved", "");
    if (saved === false) item.setAttribute("data-queued", ""); else item.removeAttribute("data-queued");
    count();
  }

  function count() {
    if (!progress) return;
    var items = document.querySelectorAll("[data-item]"), done = 0;
    for (var i = 0; i < items.length; i++) if (items[i].hasAttribute("data-saved") || items[i].hasAttribute("data-queued")) done++;
    var values = [String(done), String(items.length)], index = 0;
    progress.textContent = (progress.getAttribute("data-template") || "#/#").replace(/#/g, function () { return values[index++] || ""; });
  }

  function send(save) {
    var body = new FormData(), token = document.querySelector('input[name="csrf"]');
    save.entries.forEach(function (entry) {
      // The token of this page's session, not of the page the save was made on (the
      // person may have signed in again since).
      if (entry[0] === "csrf" && token) body.append("csrf", token.value);
      // A file goes with its name; a field with two arguments (a third makes it a Blob's).
      else if (entry.length > 2) body.append(entry[0], entry[1], entry[2]);
      else body.append(entry[0], entry[1]);
    });
    return fetch(save.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } });
  }

  function drop(save) { return run("readwrite", function (store) { store.delete(save.id); }); }

  // Waits longer after each failure to reach the server (5 s up to a minute).
  function backOff() { pause = Math.min(60000, pause ? pause * 2 : 5000); resumeAt = Date.now() + pause; }

  // Sends what waits, oldest first; stops at the first that cannot be sent now (offline,
  // the server busy or failing, the session ended) and keeps it and those behind it.
  function flush() {
    if (sending) { again = true; return Promise.resolve(); }
    sending = true;
    again = false;
    return run("readonly", function (store) { return store.getAll(); }).then(function (saves) {
      var chain = Promise.resolve(true);
      (saves || []).forEach(function (save) {
        chain = chain.then(function (going) {
          if (!going) return false;
          return send(save).then(function (response) {
            var item = itemOf(save.action), status = response.status;
            if (status === 401 || status === 403) { say(word("sign-in-again")); return false; }
            if (status === 408 || status === 429 || status >= 500) { say(word("offline")); backOff(); return false; }
            pause = 0;
            if (response.ok) {
              mark(item, word("saved-word"), true);
              return drop(save).then(function () { return true; });
            }
            // Refused (422: the answer is wrong; 409: the record was submitted): said on
            // the item, off the queue.
            return response.json().catch(function () { return {}; }).then(function (problem) {
              var errors = (problem.errors || []).map(function (e) { return e.message; }).join("；");
              mark(item, errors || problem.detail || String(status));
              return drop(save).then(function () { return true; });
            });
          }, function () { say(word("offline")); backOff(); return false; });
        });
      });
      return chain;
    }).then(function (allSent) {
      sending = false;
      if (allSent && connection && !connection.hidden) say(word("online"));
      // Saves made while these were sent go now, not at the next tick.
      if (allSent && again) return flush();
    }).catch(function () { sending = false; });
  }

  forms.forEach(function (form) {
    var base = form.elements.key.value;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var entries = [];
      new FormData(form).forEach(function (value, name) {
        if (value instanceof File) { if (value.size > 0) entries.push([name, value, value.name]); } else entries.push([name, value]);
      });
      var save = { action: form.action, entries: entries };
      run("readwrite", function (store) { store.add(save); }).then(function () {
        // The next save of this form is another save, with a key of its own.
        form.elements.key.value = base + "." + (++counter);
        var photo = form.querySelector('input[type="file"]');
        if (photo) photo.value = "";
        mark(form.closest("[data-item]"), word("queued-word"), false);
        return flush();
      }, function () {
        // No place to keep it here (private mode, storage full): send the form as it is.
        form.submit();
      });
    });
  });

  if (forms.length) {
    window.addEventListener("online", function () { pause = 0; flush(); });
    window.addEventListener("offline", function () { say(word("offline")); });
    setInterval(function () { if (Date.now() >= resumeAt) flush(); }, 5000);
    flush();
    // Signing out leaves nothing of this person's on the phone, unless saves still wait.
    var signOut = document.querySelector("form.sign-out");
    if (signOut) signOut.addEventListener("submit", function () {
      run("readonly", function (store) { return store.count(); }).then(function (waiting) {
        if (!waiting) indexedDB.deleteDatabase(DB);
      });
    });
  }

  // The signature pad.
  var pad = document.querySelector("canvas[data-pad]");
  if (pad && window.DataTransfer) {
    var form = pad.closest("form"), input = form.querySelector('input[name="signature"]');
    var context = pad.getContext("2d"), drawn = false, last = null;
    pad.hidden = false;
    form.querySelector("[data-clear]").hidden = false;
    function blank() { context.fillStyle = "#fff"; context.fillRect(0, 0, pad.width, pad.height); drawn = false; }
    blank();
    context.lineWidth = 4; context.lineCap = "round"; context.strokeStyle = "#111";
    function point(event) {
      var box = pad.getBoundingClientRect();
      return { x: (event.clientX - box.left) * pad.width / box.width, y: (event.clientY - box.top) * pad.height / box.height };
    }
    pad.addEventListener("pointerdown", function (event) { last = point(event); pad.setPointerCapture(event.pointerId); });
    pad.addEventListener("pointermove", function (event) {
      if (!last) return;
      var next = point(event);
      context.beginPath(); context.moveTo(last.x, last.y); context.lineTo(next.x, next.y); context.stroke();
      last = next; drawn = true;
    });
    pad.addEventListener("pointerup", function () { last = null; });
    form.querySelector("[data-clear]").addEventListener("click", blank);
    form.addEventListener("submit", function (event) {
      if (!drawn || (input.files && input.files.length)) return;
      event.preventDefault();
      pad.toBlob(function (blob) {
        var transfer = new DataTransfer();
        transfer.items.add(new File([blob], "signature.png", { type: "image/png" }));
        input.files = transfer.files;
        drawn = false;
        form.submit();
      }, "image/png");
    });
  }
})();
