// Accessibility helpers for every page (loaded by templates/base.html).
(function () {
  "use strict";

  // A failed form: focus moves to the error summary, so that it is read out first. Its links move focus
  // to their field (a plain fragment link would only scroll) and show the field's label with it.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']") || field;
      var group = field.closest("fieldset") || label;
      group.scrollIntoView();
      field.focus({preventScroll: true});
    });
  }

  // Narrow screens show tables as stacked rows (static/css/samverkan.css): each cell is labelled with
  // its column's header, and the ARIA roles keep the table's meaning once CSS changes its display.
  document.querySelectorAll("main table").forEach(function (table) {
    var headers = [];
    var head = table.tHead && table.tHead.rows[0];
    if (head) {
      Array.prototype.forEach.call(head.cells, function (cell) {
        for (var span = 0; span < (cell.colSpan || 1); span++) {
          headers.push(cell.textContent.trim());
        }
      });
    }
    table.classList.add("stackable");
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var inHead = row.parentNode.tagName === "THEAD";
        if (inHead) {
          cell.setAttribute("role", "columnheader");
        } else if (cell.tagName === "TH") {
          cell.setAttribute("role", "rowheader");
        } else {
          cell.setAttribute("role", "cell");
          if (headers[column] && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headers[column]);
          }
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
