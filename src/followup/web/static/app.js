// followup: the little behaviour htmx does not give. No inline scripts (CSP), no eval.
(function () {
  "use strict";

  function csrf() {
    var raw = document.body.getAttribute("hx-headers") || "{}";
    try { return JSON.parse(raw)["X-CSRF-Token"] || ""; } catch (e) { return ""; }
  }

  // Draft editor: the highlight layer behind the textarea mirrors its text and scroll.
  function mirror() {
    var body = document.getElementById("body");
    var backdrop = document.getElementById("backdrop");
    if (!body || !backdrop) { return; }
    backdrop.scrollTop = body.scrollTop;
  }
  function bindEditor() {
    var body = document.getElementById("body");
    if (!body || body.dataset.bound) { return; }
    body.dataset.bound = "1";
    body.addEventListener("scroll", mirror);
    body.addEventListener("input", function () {
      // Until the next check arrives, show the text without stale marks.
      var backdrop = document.getElementById("backdrop");
      if (backdrop) { backdrop.textContent = body.value + " "; }
      var words = document.querySelector(".words");
      if (words) {
        var n = body.value.trim() ? body.value.trim().split(/\s+/).length : 0;
        words.textContent = n + " words";
      }
    });
    mirror();
  }

  // Pipeline: drag a card onto another column to change its stage.
  function bindBoard() {
    var dragged = null;
    document.querySelectorAll(".card[draggable=true]").forEach(function (card) {
      if (card.dataset.bound) { return; }
      card.dataset.bound = "1";
      card.addEventListener("dragstart", function (e) {
        dragged = card;
        e.dataTransfer.setData("text/plain", card.dataset.id);
        card.classList.add("dragging");
      });
      card.addEventListener("dragend", function () { card.classList.remove("dragging"); });
    });
    document.querySelectorAll(".column").forEach(function (column) {
      if (column.dataset.bound) { return; }
      column.dataset.bound = "1";
      column.addEventListener("dragover", function (e) { e.preventDefault(); column.classList.add("over"); });
      column.addEventListener("dragleave", function () { column.classList.remove("over"); });
      column.addEventListener("drop", function (e) {
        e.preventDefault();
        column.classList.remove("over");
        var id = e.dataTransfer.getData("text/plain");
        var stage = column.dataset.stage;
        var card = dragged || document.getElementById("app-" + id);
        if (!id || !stage || !card || card.dataset.stage === stage) { return; }
        var form = new URLSearchParams();
        form.set("stage", stage);
        fetch("/applications/" + encodeURIComponent(id) + "/stage", {
          method: "POST",
          headers: { "X-CSRF-Token": csrf(), "HX-Request": "true" },
          body: form,
          credentials: "same-origin"
        }).then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        }).then(function (html) {
          var list = column.querySelector(".cards");
          var holder = document.createElement("template");
          holder.innerHTML = html.trim();
          var fresh = holder.content.firstElementChild;
          if (fresh && fresh.classList.contains("card")) {
            card.remove();
            list.insertBefore(fresh, list.firstChild);
            if (window.htmx) { window.htmx.process(fresh); }
            bindBoard();
            fresh.querySelector("a").focus();
          } else {
            var flash = document.getElementById("flash");
            if (flash) { flash.innerHTML = ""; flash.appendChild(holder.content); }
          }
        }).catch(function (err) {
          var flash = document.getElementById("flash");
          if (flash) { flash.textContent = "Could not move it: " + err.message; }
        });
      });
    });
  }

  // Log an interview: drop an .ics anywhere on the drop zone to pick it.
  function bindDrop() {
    var zone = document.getElementById("ics-drop");
    if (!zone || zone.dataset.bound) { return; }
    zone.dataset.bound = "1";
    var input = document.getElementById("invite");
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer.files.length && input) {
        input.files = e.dataTransfer.files;
        zone.requestSubmit();
      }
    });
  }

  // A moved card leaves its column count stale; the page is right again on reload.
  function bindAll() { bindEditor(); bindBoard(); bindDrop(); }
  document.addEventListener("DOMContentLoaded", bindAll);
  document.addEventListener("htmx:afterSettle", function (e) {
    bindAll();
    if (e.target && e.target.id === "fields") {
      var body = document.getElementById("body");
      if (body) { body.focus(); }
    }
  });
})();
