// Polls a report render job and updates its progress page; without JavaScript the page
// refreshes itself (meta refresh) until the file is ready.
(function () {
  "use strict";
  var box = document.getElementById("render-job");
  if (!box) { return; }
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) { refresh.remove(); }
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        field("status_label").textContent = state.status_label;
        field("stage").textContent = state.stage;
        field("progress").textContent = state.progress;
        box.querySelector("progress").value = state.progress;
        if (state.file_url) {
          field("file_url").href = state.file_url;
          field("ready").hidden = false;
        } else if (state.status === "fallida") {
          field("error").textContent = "No se pudo generar el archivo: " + state.error;
          field("error").hidden = false;
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (!field("ready").hidden || !field("error").hidden) { return; }
  poll();
})();
