// Online answering: every change is saved on the server at once (PUT, an idempotent upsert);
// unsent answers wait in localStorage and are retried until the server confirms them.
(function () {
  var root = document.getElementById("exam");
  if (!root) return;
  var token = root.getAttribute("data-token");
  var api = root.getAttribute("data-api");
  var statusEl = document.getElementById("status");
  var KEY = "exams-pending-" + token.slice(0, 12);
  var pending = {};
  try { pending = JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { pending = {}; }
  var busy = false;

  function keep() { try { localStorage.setItem(KEY, JSON.stringify(pending)); } catch (e) {} }
  function call(method, path, body) {
    return fetch(api + path, {
      method: method, keepalive: true,
      headers: { "Content-Type": "application/json", "X-Exam-Token": token },
      body: body ? JSON.stringify(body) : undefined
    });
  }
  function valueOf(card) {
    var kind = card.getAttribute("data-kind");
    var inputs = card.querySelectorAll("input, textarea");
    if (kind === "single") { var c = card.querySelector("input:checked"); return c ? parseInt(c.value, 10) : null; }
    if (kind === "multi") { return Array.prototype.filter.call(inputs, function (i) { return i.checked; }).map(function (i) { return parseInt(i.value, 10); }); }
    if (kind === "tf") { var t = card.querySelector("input:checked"); return t ? t.value === "true" : null; }
    if (kind === "fill") { return Array.prototype.map.call(inputs, function (i) { return i.value; }); }
    return card.querySelector("textarea").value;
  }
  function mark(q, text, cls) {
    var card = root.querySelector('.question[data-q="' + q + '"] .saved');
    if (card) { card.textContent = text; card.className = "saved " + (cls || "muted"); }
  }
  function flush() {
    if (busy) return;
    var qs = Object.keys(pending);
    if (!qs.length) return;
    busy = true;
    var q = qs[0];
    var sent = pending[q];
    call("PUT", "answers", { question: parseInt(q, 10), value: sent }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
    }).then(function (res) {
      busy = false;
      if (res.ok) {
        if (JSON.stringify(pending[q]) === JSON.stringify(sent)) delete pending[q];
        keep();
        mark(q, "✓ " + new Date().toLocaleTimeString(), "badge green");
        statusEl.textContent = statusEl.getAttribute("data-ok") || statusEl.textContent;
        flush();
      } else if (res.status >= 400 && res.status < 500) {
        delete pending[q]; keep();
        mark(q, res.body.message || "✗", "badge red");
        statusEl.textContent = res.body.message || "";
      } else { setTimeout(flush, 3000); }
    }).catch(function () {
      busy = false;
      mark(q, "…", "badge yellow");
      setTimeout(flush, 3000);
    });
  }
  function changed(card) {
    pending[card.getAttribute("data-q")] = valueOf(card);
    keep();
    flush();
  }
  var timers = {};
  root.addEventListener("change", function (e) {
    var card = e.target.closest(".question");
    if (card) changed(card);
  });
  root.addEventListener("input", function (e) {
    var card = e.target.closest(".question");
    if (!card || e.target.type === "radio" || e.target.type === "checkbox") return;
    var q = card.getAttribute("data-q");
    clearTimeout(timers[q]);
    timers[q] = setTimeout(function () { changed(card); }, 700);
  });
  document.addEventListener("visibilitychange", function () {
    call("POST", "events", { kind: document.hidden ? "tab_leave" : "tab_return", detail: {} }).catch(function () {});
  });
  window.addEventListener("online", flush);
  document.getElementById("submit").addEventListener("click", function (e) {
    if (e.defaultPrevented) return;
    var btn = e.target;
    btn.disabled = true;
    function go() {
      if (Object.keys(pending).length) { flush(); setTimeout(go, 500); return; }
      call("POST", "submit").then(function (r) {
        if (r.ok) { localStorage.removeItem(KEY); window.location = root.getAttribute("data-done"); }
        else { r.json().then(function (b) { statusEl.textContent = b.message; btn.disabled = false; }); }
      }).catch(function () { btn.disabled = false; });
    }
    go();
  });
  flush();
})();
