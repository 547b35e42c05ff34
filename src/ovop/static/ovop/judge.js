/* ovop pairwise judgement on a phone: one pair at a time, with previous and next buttons.
 * Progressive enhancement: without this script, or on a wide screen, every pair stays on the
 * page (stacked on a phone, a table on a desktop), and the form always posts every pair. */
(function () {
  "use strict";
  var form = document.getElementById("judgement-form");
  var pager = form && form.querySelector(".pager");
  if (!pager) { return; }
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr.pair"));
  var prev = pager.querySelector("[data-step='-1']");
  var next = pager.querySelector("[data-step='1']");
  var narrow = window.matchMedia("(max-width: 720px)");
  var current = 0;

  function firstWithError() {
    for (var k = 0; k < rows.length; k += 1) {
      if (rows[k].querySelector(".errorlist")) { return k; }
    }
    return 0;
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, k) { row.classList.toggle("current", k === current); });
    prev.disabled = current === 0;
    next.disabled = current === rows.length - 1;
    if (focus) {
      var row = rows[current];
      var radio = row.querySelector("input:checked") || row.querySelector("input");
      row.scrollIntoView({ block: "nearest" });
      if (radio) { radio.focus({ preventScroll: true }); }
    }
  }

  function apply() {
    var on = narrow.matches && rows.length > 1;
    form.classList.toggle("paged", on);
    pager.hidden = !on;
    if (on) { show(current, false); }
  }

  prev.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  if (narrow.addEventListener) { narrow.addEventListener("change", apply); }
  current = firstWithError();
  apply();
})();
