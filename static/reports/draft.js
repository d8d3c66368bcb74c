// The informe's redactar step: "Insertar" puts a placeholder at the cursor, and the preview
// of the introduction and closing follows what is typed (the server fills the placeholders:
// POST to the form's data-preview-url, an HTML fragment back). Without JavaScript the
// preview shows the saved text, and after saving.
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  var preview = document.getElementById("draft-preview");
  var status = document.getElementById("draft-preview-status");
  if (!form || !preview) { return; }
  document.body.classList.add("js-draft");
  var introduction = form.querySelector('[data-preview="introduction"]');
  var lastText = introduction;
  var timer = null;
  var sent = 0;

  function refresh() {
    var number = ++sent;
    status.textContent = "Actualizando la vista previa…";
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (number !== sent) { return; }  // a later request is on its way
        preview.innerHTML = html;
        status.textContent = "Vista previa actualizada con lo escrito (aún sin guardar).";
      })
      .catch(function () {
        if (number !== sent) { return; }
        status.textContent = "No se pudo actualizar la vista previa; lo escrito se conserva.";
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.querySelectorAll("[data-preview]").forEach(function (field) {
    field.addEventListener("input", schedule);
    field.addEventListener("focus", function () { lastText = field; });
  });

  document.querySelectorAll("[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = lastText || introduction;
      var token = button.dataset.insert;
      var start = field.selectionStart, end = field.selectionEnd;
      field.value = field.value.slice(0, start) + token + field.value.slice(end);
      field.focus();
      field.selectionStart = field.selectionEnd = start + token.length;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
})();
