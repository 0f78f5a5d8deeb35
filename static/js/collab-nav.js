// The checklist's list of steps is open on a wide screen and folded on a narrow one (below Bootstrap's
// "md" breakpoint, where the list would push the page's content below sixteen steps). Without
// JavaScript it stays open. Crossing the breakpoint, e.g. by turning a tablet, folds or opens it again.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 767.98px)");
  function fit() {
    document.querySelectorAll("details.steps-details").forEach(function (details) {
      details.open = !narrow.matches;
    });
  }
  fit();
  narrow.addEventListener("change", fit);
})();
