/* ovop village filter.
 *
 * A kecamatan select with data-narrows="<id of the village select>" narrows that village
 * select as soon as a kecamatan is chosen: the village options whose data-kecamatan names
 * another kecamatan are hidden and disabled, and a chosen village of another kecamatan is
 * cleared (before the filter form is sent). The server narrows the choices too: when the form
 * is sent by htmx after a kecamatan change, the village select of the answer replaces this one
 * (hx-select-oob), so that the villages of a newly chosen kecamatan appear; after a change of
 * the village itself it is left in place (and keeps the focus). No inline script: CSP-friendly.
 */
(function () {
  "use strict";

  function narrow(kecamatan, village) {
    var code = kecamatan.value;
    Array.prototype.forEach.call(village.options, function (option) {
      var parent = option.getAttribute("data-kecamatan");
      if (parent === null) return; /* the "All" option */
      var shown = !code || parent === code;
      option.hidden = !shown;
      option.disabled = !shown;
      if (!shown && option.selected) village.value = "";
    });
  }

  function setUp() {
    var selects = document.querySelectorAll("select[data-narrows]");
    Array.prototype.forEach.call(selects, function (kecamatan) {
      var village = document.getElementById(kecamatan.getAttribute("data-narrows"));
      if (!village) return;
      var id = village.id;
      var form = kecamatan.form;
      kecamatan.addEventListener("change", function () {
        narrow(kecamatan, document.getElementById(id) || village);
        if (form) form.setAttribute("hx-select-oob", "#" + id);
      });
      if (form) {
        form.addEventListener("change", function (event) {
          if (event.target && event.target.id === id) form.removeAttribute("hx-select-oob");
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
