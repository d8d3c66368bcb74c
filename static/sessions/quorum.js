// The quorum on the session page's attendance grid, recomputed as boxes are ticked. The
// rule is the server's (sessions/selectors/votes.py, Quorum): the page sends the sentence
// for every number of councillors present (#quorum-rule); this counts the ticked «Presente»
// of the seats with vote (data-vote) and shows that sentence.
(function () {
  "use strict";
  function update() {
    var boxes = document.querySelectorAll("input[data-vote]");
    var out = document.getElementById("quorum");
    var rule = document.getElementById("quorum-rule");
    if (!out || !rule || !boxes.length) { return; }
    var sentences = JSON.parse(rule.textContent);
    var present = 0;
    boxes.forEach(function (box) { if (box.checked) { present += 1; } });
    var quorum = sentences[Math.min(present, sentences.length - 1)];
    out.textContent = quorum.sentence;
    out.className = quorum.exists ? "alert alert-success" : "alert alert-warning";
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
