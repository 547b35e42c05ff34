/* ovop money inputs.
 *
 * Under every <input data-money> this shows, while the user types, the amount of rupiah the
 * server will store ("Read as Rp 60.000.000"), or a hint when the text is not a clear amount.
 * The rules are those of ovop/core/money.py (parse_rupiah), which stays the judge: this is only
 * a preview. The sentences come from the input's data-money-read and data-money-unclear
 * attributes, already translated by the page. No inline script: CSP-friendly.
 */
(function () {
  "use strict";

  var MAX_RUPIAH = 1e15;
  var MAX_LENGTH = 40;
  var UNITS = {
    rb: 3, ribu: 3, k: 3, jt: 6, juta: 6, m: 9, miliar: 9, milyar: 9, t: 12, triliun: 12
  };
  var SHAPE = new RegExp(
    "^(?:rp\\.?|idr)?\\s?([0-9][0-9.,]*?)(?:,-|\\.-)?\\s?" +
    "(triliun|miliar|milyar|ribu|juta|rb|jt|k|m|t)?(?:\\s?rupiah)?$"
  );
  var GROUPED = /^[0-9]{1,3}(?:\.[0-9]{3})+$/;

  function zeros(count) {
    return new Array(count + 1).join("0");
  }

  /* Whole rupiah as a digit string, or null when the server would refuse the text. */
  function parse(text) {
    var cleaned = text.trim().replace(/[\s\u00a0\u202f]+/g, " ").toLowerCase();
    if (!cleaned || cleaned.length > MAX_LENGTH) return null;
    var match = SHAPE.exec(cleaned);
    if (!match) return null;
    var parts = match[1].split(",");
    var whole = parts[0];
    var decimals = parts.length > 1 ? parts[1] : "";
    if (parts.length > 2 || decimals.indexOf(".") >= 0) return null;
    if (parts.length === 2 && !decimals) return null;
    if (whole.indexOf(".") >= 0 && !GROUPED.test(whole)) return null;
    whole = whole.replace(/\./g, "");
    var unit = match[2];
    if (!unit) {
      if (decimals && !/^0{1,2}$/.test(decimals)) return null;
      decimals = "";
    }
    var power = unit ? UNITS[unit] : 0;
    if (decimals.length > power && !/^0*$/.test(decimals.slice(power))) return null;
    var digits = whole + (decimals + zeros(power)).slice(0, power);
    digits = digits.replace(/^0+(?=[0-9])/, "");
    if (digits.length > 16 || Number(digits) > MAX_RUPIAH) return null;
    return digits;
  }

  function grouped(digits) {
    return digits.replace(/\B(?=([0-9]{3})+(?![0-9]))/g, ".");
  }

  function echo(input) {
    var output = document.getElementById(input.id + "_money");
    if (!output) {
      output = document.createElement("output");
      output.id = input.id + "_money";
      output.className = "money-echo muted";
      output.style.display = "block"; /* its own line, above the field's help text */
      output.setAttribute("for", input.id);
      output.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", output);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + output.id);
    }
    var text = input.value;
    if (!text.trim()) {
      output.textContent = "";
      return;
    }
    var digits = parse(text);
    output.textContent = digits === null
      ? input.getAttribute("data-money-unclear") || ""
      : (input.getAttribute("data-money-read") || "%s").replace("%s", "Rp " + grouped(digits));
  }

  function all() {
    var inputs = document.querySelectorAll("input[data-money]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].id) echo(inputs[i]);
    }
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-money") && target.id) {
      echo(target);
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", all);
  } else {
    all();
  }
})();
