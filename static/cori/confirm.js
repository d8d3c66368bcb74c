// Confirmation before an act that cannot be taken back (delete an agenda item, publish,
// deactivate an account, send the convocatoria by e-mail). A submit button that carries
// data-confirm="what will happen" asks first, in a modal <dialog>: the rest of the page is
// inert while it is open (focus stays in the dialog), Escape or «Cancelar» cancel, and the
// confirming button names the act (data-confirm-action, else the button's own text), the
// safe one «Cancelar» (data-confirm-cancel, else).
// Without JavaScript the form submits as before. Loaded by base.html (no inline script: CSP).
(function () {
  "use strict";
  var dialog = null;
  var pending = null; // {form, submitter} waiting for the answer

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "cori-confirm border rounded shadow p-4";
    dialog.setAttribute("aria-labelledby", "cori-confirm-title");
    dialog.setAttribute("aria-describedby", "cori-confirm-message");
    dialog.innerHTML =
      '<h2 class="h5" id="cori-confirm-title">Confirme</h2>' +
      '<p id="cori-confirm-message"></p>' +
      '<div class="d-flex flex-wrap gap-2 justify-content-end">' +
      '<button type="button" class="btn btn-outline-secondary" data-answer="no">Cancelar</button>' +
      '<button type="button" class="btn btn-danger" data-answer="yes"></button>' +
      "</div>";
    document.body.appendChild(dialog);
    dialog.addEventListener("click", function (event) {
      var answer = event.target.closest("[data-answer]");
      if (!answer) {
        return;
      }
      var confirmed = answer.getAttribute("data-answer") === "yes";
      dialog.close(confirmed ? "yes" : "no");
    });
    // The page behind is inert; Tab and Shift+Tab also go round the two buttons instead
    // of leaving for the browser's own controls.
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") {
        return;
      }
      var buttons = dialog.querySelectorAll("button");
      var first = buttons[0];
      var last = buttons[buttons.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
    dialog.addEventListener("close", function () {
      var waiting = pending;
      pending = null;
      if (!waiting) {
        return;
      }
      if (dialog.returnValue === "yes") {
        waiting.form.setAttribute("data-confirmed", "");
        if (waiting.form.requestSubmit) {
          waiting.form.requestSubmit(waiting.submitter);
        } else {
          waiting.submitter.click();
        }
      } else {
        waiting.submitter.focus(); // back where the user was
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!submitter || !submitter.hasAttribute("data-confirm")) {
      return;
    }
    if (form.hasAttribute("data-confirmed")) {
      form.removeAttribute("data-confirmed");
      return;
    }
    event.preventDefault();
    if (!dialog) {
      build();
    }
    pending = { form: form, submitter: submitter };
    dialog.returnValue = "";
    dialog.querySelector("#cori-confirm-message").textContent =
      submitter.getAttribute("data-confirm");
    dialog.querySelector("#cori-confirm-title").textContent =
      submitter.getAttribute("data-confirm-title") || "Confirme";
    // The safe answer says «Cancelar» unless the act is itself a cancelling one
    // (data-confirm-cancel: «Volver sin cancelar» beside «Cancelar la sesión»).
    dialog.querySelector('[data-answer="no"]').textContent =
      submitter.getAttribute("data-confirm-cancel") || "Cancelar";
    var yes = dialog.querySelector('[data-answer="yes"]');
    yes.textContent =
      submitter.getAttribute("data-confirm-action") || submitter.textContent.trim();
    dialog.showModal();
    dialog.querySelector('[data-answer="no"]').focus(); // the safe answer first
  });
})();
