// The quorum on the session page's attendance grid, recomputed as boxes are ticked.
// The same rule and words as sessions/selectors/votes.py (Quorum.sentence): the seats with
// vote are the councillors' «Presente» (data-vote); quorum is more than half of them.
(function () {
  "use strict";
  function update() {
    var boxes = document.querySelectorAll("input[data-vote]");
    var out = document.getElementById("quorum");
    if (!out || !boxes.length) { return; }
    var seats = boxes.length;
    var present = 0;
    boxes.forEach(function (box) { if (box.checked) { present += 1; } });
    var required = Math.floor(seats / 2) + 1;
    var counted = present + " de " + seats + " integrantes con derecho a voto";
    if (present >= required) {
      out.textContent = "Existe quórum: " + counted + ".";
      out.className = "alert alert-success";
    } else {
      out.textContent = "No existe quórum: " + counted + " (se requieren " + required + ").";
      out.className = "alert alert-warning";
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    // A row's radios share a name: leaving «Presente» fires "change" on the other radio
    // only, so listen to every change in the page.
    document.addEventListener("change", function (event) {
      if (event.target.type === "radio" || event.target.type === "checkbox") { update(); }
    });
    // Before anything is marked the page's own sentence («se calcula al marcar…») stays.
    if (document.querySelector("input[data-vote]:checked, input[type=radio][value='']:not(:checked)")) {
      update();
    }
  });
})();
