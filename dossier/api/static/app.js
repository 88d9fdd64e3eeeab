// dossier web UI: show the record of the highlight (or list entry) clicked. No framework.
"use strict";
(function () {
  function detailOf(id) {
    var all = document.querySelectorAll("#details [data-detail]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-detail") === id) return all[i];
    }
    return null;
  }

  function select(id, scroll) {
    var detail = detailOf(id);
    var panel = document.getElementById("selected");
    if (!detail || !panel) return false;
    panel.replaceChildren(detail.cloneNode(true));
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    var first = null;
    document.querySelectorAll("[data-rec]").forEach(function (el) {
      if (el.getAttribute("data-rec") !== id) return;
      if (el.closest("#text")) { el.classList.add("active"); first = first || el; }
      if (el.classList.contains("rec-link")) el.classList.add("active");
    });
    if (scroll && first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    return true;
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-rec]");
    if (!el) return;
    var inText = el.closest("#text");
    if (select(el.getAttribute("data-rec"), !inText)) {
      event.preventDefault();
      event.stopPropagation();
      if (history.replaceState) history.replaceState(null, "", "#" + el.getAttribute("data-rec"));
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var el = event.target.closest && event.target.closest("#text [data-rec]");
    if (!el) return;
    event.preventDefault();
    select(el.getAttribute("data-rec"), false);
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (location.hash.length > 1) select(decodeURIComponent(location.hash.slice(1)), true);
  });
})();
