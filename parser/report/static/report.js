// Ereje report: the comparison page's filters, and details opened for printing. No network.
"use strict";

function filterMatrix() {
  const table = document.getElementById("matrix");
  if (!table) return;
  const text = document.getElementById("filter-text").value.trim().toLowerCase();
  const kind = document.getElementById("filter-kind").value;
  const onlyDiff = document.getElementById("filter-diff").checked;
  const rows = table.tBodies[0].rows;
  let shown = 0;
  for (const row of rows) {
    const visible = (!text || row.textContent.toLowerCase().includes(text))
      && (!kind || row.dataset.kind === kind)
      && (!onlyDiff || row.dataset.same === "no");
    row.hidden = !visible;
    if (visible) shown += 1;
  }
  document.getElementById("filter-count").value = `${shown} of ${rows.length} rows`;
}

function setUpFilters() {
  for (const id of ["filter-text", "filter-kind", "filter-diff"]) {
    const control = document.getElementById(id);
    if (control) control.addEventListener("input", filterMatrix);
    if (control) control.addEventListener("change", filterMatrix);
  }
}

window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details")) details.open = true;
});
document.addEventListener("DOMContentLoaded", setUpFilters);
