// The quorum on the session page's attendance grid, recomputed as boxes are ticked.
// The same rule and words as sessions/selectors/votes.py (Quorum.sentence): the seats with
// vote are the councillors' boxes (data-vote); quorum is more than half of them.
(function () {
  "use strict";
  function update() {
    var boxes = document.querySelectorAll("input[type=checkbox][data-vote]");
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
    document.querySelectorAll("input[type=checkbox][data-vote]").forEach(function (box) {
      box.addEventListener("change", update);
    });
    update();
  });
})();
