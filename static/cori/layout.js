// Phone first: every table of the page scrolls inside its own box (Bootstrap's
// .table-responsive) instead of widening the page. Templates wrap their tables already;
// this wraps any table a template left bare. Loaded by base.html (no inline script: CSP).
(function () {
  "use strict";
  document.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table-responsive")) {
      return;
    }
    var box = document.createElement("div");
    box.className = "table-responsive";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
})();
