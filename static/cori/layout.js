// Phone first: every table of the page scrolls inside its own box (Bootstrap's
// .table-responsive) instead of widening the page. Templates wrap their tables already;
// this wraps any table a template left bare. Loaded by base.html (no inline script: CSP).
(function () {
  "use strict";
  document.querySelectorAll("main table").forEach(function (table) {
    // The report's tables scroll in their own named, focusable region (.table-scroll): a
    // second box inside it would scroll without keyboard access (axe
    // scrollable-region-focusable).
    if (table.closest(".table-responsive, .table-scroll")) {
      return;
    }
    var box = document.createElement("div");
    box.className = "table-responsive";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
})();

// A form refused by the server comes back with its fields in error marked (aria-invalid):
// the cursor goes to the first of them, where its message is, instead of the page's top.
(function () {
  "use strict";
  var invalid = document.querySelector('main form [aria-invalid="true"]');
  if (invalid && typeof invalid.focus === "function") {
    invalid.focus();
  }
})();
