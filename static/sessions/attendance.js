// The session page's attendance grid starts empty; «Marcar a todos presentes» ticks
// «Presente» on every row (the quorum, static/sessions/quorum.js, follows the change).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("mark-all-present");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      document.querySelectorAll(".attendance-grid input[type=radio][data-present]").forEach(
        function (radio) {
          if (!radio.checked) {
            radio.checked = true;
            radio.dispatchEvent(new Event("change", { bubbles: true }));
          }
        }
      );
    });
  });
})();
