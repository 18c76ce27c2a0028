/* Setu: small enhancements; every page works without this file.
   - Article page: clicking a sentence of the side-by-side view (or its ⇄
     link) highlights its counterpart in the same row; the sentence is text,
     so part of it can still be selected and copied (without JavaScript the
     ⇄ link highlights the row through its #b-N anchor).
   - Search page: on a narrow screen the filter list starts folded, and the
     "Filters" link unfolds it. */
(function () {
  "use strict";

  function selectSentence(sentence) {
    var row = sentence.closest("tr");
    var table = row.closest("table");
    table.querySelectorAll(".is-active, .is-counterpart").forEach(function (el) {
      el.classList.remove("is-active", "is-counterpart");
      el.removeAttribute("aria-current");
    });
    var otherSide = sentence.dataset.side === "source" ? "target" : "source";
    var other = row.querySelector('.sent[data-side="' + otherSide + '"]');
    sentence.classList.add("is-active");
    sentence.setAttribute("aria-current", "true");
    if (other) {
      other.classList.add("is-counterpart");
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + row.id);
    }
  }

  // A click on a sentence (a drag that selects part of it too) highlights its
  // counterpart and leaves the selection alone; the ⇄ link does the same
  // without scrolling the page to the row.
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("table.parallel .sent, table.parallel a.pin");
    if (!target) {
      return;
    }
    if (target.classList.contains("pin")) {
      event.preventDefault();
      target = target.closest("td").querySelector(".sent");
    }
    if (target) {
      selectSentence(target);
    }
  });

  // On a phone the folded filters sit below the results: the "Filters" link
  // unfolds them as it jumps there, so one tap shows them.
  document.addEventListener("click", function (event) {
    var jump = event.target.closest && event.target.closest('a[href="#filters"]');
    var filters = document.getElementById("filters");
    if (jump && filters) {
      filters.open = true;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.getElementById("filters");
    if (filters && window.location.hash !== "#filters" && window.matchMedia("(max-width: 48rem)").matches) {
      filters.open = false;
    }
  });
})();
