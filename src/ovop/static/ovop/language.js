/* ovop language menu: choosing a language sends the form at once (the button inside
 * <noscript> does it without JavaScript). A static file, not an inline handler, because the
 * Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var select = document.getElementById("language-select");
  if (select && select.form) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();
