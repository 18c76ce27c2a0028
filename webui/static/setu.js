/* Setu: small enhancements; every page works without this file.
   - Article page: selecting a sentence of the side-by-side view highlights
     its counterpart in the same row (without JavaScript the row itself is
     highlighted through its #b-N anchor).
   - Search page: on a narrow screen the filter list starts folded. */
(function () {
  "use strict";

  function selectSentence(link) {
    var row = link.closest("tr");
    if (!row) {
      return;
    }
    var table = row.closest("table");
    table.querySelectorAll(".is-active, .is-counterpart").forEach(function (el) {
      el.classList.remove("is-active", "is-counterpart");
      el.removeAttribute("aria-current");
    });
    var otherSide = link.dataset.side === "source" ? "target" : "source";
    var other = row.querySelector('a.sent[data-side="' + otherSide + '"]');
    link.classList.add("is-active");
    link.setAttribute("aria-current", "true");
    if (other) {
      other.classList.add("is-counterpart");
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("table.parallel a.sent");
    if (!link) {
      return;
    }
    event.preventDefault();
    selectSentence(link);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.getElementById("filters");
    if (filters && window.matchMedia("(max-width: 48rem)").matches) {
      filters.open = false;
    }
  });
})();
