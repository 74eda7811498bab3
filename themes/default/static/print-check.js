/* pufa print sheets: sets each sheet's data-fit to ok or overflow once fonts
   and images are in: every block inside its parent and the sheet, no text
   wider than its box. The screen shows a warning; tests read the mark with
   Chromium --dump-dom. Shared by every sheet, so it is not in each page. */
(function () {
  function check() {
    var sheets = document.querySelectorAll(".sheet, .card-page");
    for (var k = 0; k < sheets.length; k++) {
      var s = sheets[k], r = s.getBoundingClientRect(), bad = [];
      var all = s.querySelectorAll("*");
      for (var i = 0; i < all.length; i++) {
        var e = all[i], b = e.getBoundingClientRect();
        if (b.width === 0 && b.height === 0) continue;
        var out = b.left < r.left - 1 || b.top < r.top - 1 || b.right > r.right + 1 || b.bottom > r.bottom + 1;
        var block = getComputedStyle(e).display !== "inline" && e.namespaceURI === "http://www.w3.org/1999/xhtml";
        if (block && e.parentElement !== s) {
          var p = e.parentElement.getBoundingClientRect();
          out = out || b.left < p.left - 1 || b.top < p.top - 1 || b.right > p.right + 1 || b.bottom > p.bottom + 1;
        }
        if (block && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) out = true;
        if (e.tagName === "IMG" && !(e.complete && e.naturalWidth > 0)) out = true;
        if (out) bad.push(e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : ""));
      }
      if (s.scrollHeight > s.clientHeight + 1) bad.push("sheet-height");
      s.setAttribute("data-fit", bad.length ? "overflow" : "ok");
      if (bad.length) s.setAttribute("data-overflow", bad.slice(0, 8).join(" "));
      var blocks = s.querySelectorAll("[data-block]"), drawn = [];
      for (var j = 0; j < blocks.length; j++) {
        drawn.push(blocks[j].getAttribute("data-block") + ":" + (blocks[j].getBoundingClientRect().height * 25.4 / 96).toFixed(1));
      }
      if (drawn.length) s.setAttribute("data-drawn-blocks", drawn.join(" "));
      var t = s.querySelector(".sheet-title");
      if (t) s.setAttribute("data-title-mm", (parseFloat(getComputedStyle(t).fontSize) * 25.4 / 96).toFixed(1));
      var body = s.querySelector(".feature .text, .feature li, .lead");
      if (body) s.setAttribute("data-body-mm", (parseFloat(getComputedStyle(body).fontSize) * 25.4 / 96).toFixed(2));
    }
    document.documentElement.setAttribute("data-fit-checked", "1");
  }
  function ready() {
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(check); else check();
  }
  if (document.readyState === "complete") ready(); else window.addEventListener("load", ready);
})();
