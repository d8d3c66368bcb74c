// Long choice lists (select[data-autocomplete], cori/autocomplete.py) as Tom Select
// autocompletes: type to filter (accents ignored), the server's Spanish order kept.
// With data-create-url, a name that matches nothing can become a new institution: a small
// panel asks for its siglas, ámbito and sector and POSTs them (JSON answer with its id).
// Without JavaScript the plain select still works.
(function () {
  "use strict";

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function field(panel, id, labelText, control) {
    var group = element("div", { "class": "mb-2" });
    group.appendChild(element("label", { "class": "form-label", "for": id }, labelText));
    control.id = id;
    group.appendChild(control);
    panel.appendChild(group);
    return control;
  }

  function choiceSelect(choices) {
    var select = element("select", { "class": "form-select" });
    select.appendChild(element("option", { value: "" }, "---------"));
    choices.forEach(function (choice) {
      select.appendChild(element("option", { value: choice[0] }, choice[1]));
    });
    return select;
  }

  function csrfToken(select) {
    var form = select.form;
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // The panel that creates an institution, after the autocomplete; built once per field.
  function creationPanel(select, tom) {
    var choices = JSON.parse(select.dataset.createChoices || "{}");
    var prefix = select.id + "-nueva";
    var panel = element("div", {
      "class": "card card-body mt-2 autocomplete-create",
      role: "group",
      "aria-labelledby": prefix + "-titulo"
    });
    panel.hidden = true;
    panel.appendChild(element("p", { "class": "fw-semibold mb-2", id: prefix + "-titulo" },
      "Nueva institución"));
    var name = field(panel, prefix + "-nombre", "Nombre", element("input", {
      type: "text", "class": "form-control", maxlength: "300" }));
    var acronym = field(panel, prefix + "-siglas", "Siglas (opcional)", element("input", {
      type: "text", "class": "form-control", maxlength: "40" }));
    var scope = field(panel, prefix + "-ambito", "Ámbito", choiceSelect(choices.scope || []));
    var sector = field(panel, prefix + "-sector", "Sector", choiceSelect(choices.sector || []));
    var errors = element("div", { "class": "text-danger mb-2", role: "alert" });
    panel.appendChild(errors);
    var buttons = element("div", { "class": "d-flex gap-2" });
    var create = element("button", { type: "button", "class": "btn btn-primary btn-sm" },
      "Crear institución");
    var cancel = element("button", { type: "button", "class": "btn btn-outline-secondary btn-sm" },
      "Cancelar");
    buttons.appendChild(create);
    buttons.appendChild(cancel);
    panel.appendChild(buttons);
    tom.wrapper.insertAdjacentElement("afterend", panel);

    function close() {
      panel.hidden = true;
      errors.textContent = "";
      tom.focus();
    }

    cancel.addEventListener("click", close);
    create.addEventListener("click", function () {
      var data = new FormData();
      data.append("name", name.value);
      data.append("acronym", acronym.value);
      data.append("scope", scope.value);
      data.append("sector", sector.value);
      create.disabled = true;
      errors.textContent = "";
      fetch(select.dataset.createUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(select), Accept: "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (answer) {
        if (!answer.ok) {
          var messages = [];
          Object.keys(answer.body.errors || {}).forEach(function (key) {
            messages = messages.concat(answer.body.errors[key]);
          });
          errors.textContent = messages.join(" ") || "No se pudo crear la institución.";
          return;
        }
        var value = String(answer.body.id);
        tom.addOption({ value: value, text: answer.body.text });
        tom.addItem(value);
        name.value = acronym.value = scope.value = sector.value = "";
        close();
      }).catch(function () {
        errors.textContent = "No se pudo crear la institución: revise la conexión e inténtelo de nuevo.";
      }).then(function () { create.disabled = false; });
    });

    return function open(input) {
      name.value = input;
      panel.hidden = false;
      errors.textContent = "";
      (name.value ? scope : name).focus();
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof TomSelect === "undefined") { return; }
    document.querySelectorAll("select[data-autocomplete]").forEach(function (select) {
      var open = null;
      var settings = {
        maxOptions: null,
        allowEmptyOption: !select.multiple,
        // Best match first while typing; otherwise the server's Spanish order.
        sortField: [{ field: "$score" }, { field: "$order" }],
        plugins: select.multiple ? { remove_button: { title: "Quitar" } } : {},
        render: {
          no_results: function () { return "<div class=\"no-results\">Sin coincidencias</div>"; },
          option_create: function (data, escape) {
            return "<div class=\"create\">Crear la institución «" + escape(data.input) + "»…</div>";
          }
        }
      };
      if (select.dataset.createUrl) {
        settings.create = function (input, callback) {
          callback();  // nothing added yet: the panel creates it, then selects it
          open(input);
        };
      }
      // Tom Select moves the label to its own input: the hidden select keeps the name.
      var label = select.labels && select.labels[0];
      if (label) { select.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim()); }
      var tom = new TomSelect(select, settings);
      if (select.dataset.createUrl) { open = creationPanel(select, tom); }
    });
  });
})();
