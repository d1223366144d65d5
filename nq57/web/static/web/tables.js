// Sortable tables: a header button sorts by its column; aria-sort tells assistive technology.
(function () {
  "use strict";
  function sortBy(table, index, type, th) {
    var body = table.tBodies[0];
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > index; });
    rows.sort(function (a, b) {
      var x = a.cells[index].dataset.sortValue || a.cells[index].textContent.trim();
      var y = b.cells[index].dataset.sortValue || b.cells[index].textContent.trim();
      var order = type === "number" ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function init() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (th, index) {
        var button = th.querySelector("button.sort");
        if (!button) { return; }
        button.addEventListener("click", function () { sortBy(table, index, button.dataset.type, th); });
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
