// pufa default theme: the 大字 (large text) switch, remembered on this device.
// Everything else on the site works without JavaScript.
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.getElementById("large-toggle");
  if (!button) return;
  function apply(on) {
    root.classList.toggle("large", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "标准字" : button.getAttribute("data-large-label");
  }
  button.setAttribute("data-large-label", button.textContent);
  button.hidden = false;
  apply(root.classList.contains("large"));
  button.addEventListener("click", function () {
    var on = !root.classList.contains("large");
    apply(on);
    try { localStorage.setItem("pufa-large", on ? "1" : "0"); } catch (e) { /* private mode */ }
  });
})();
