// pufa search, part 5 of 6: what a result shows of a document. The matched
// words are wrapped in <mark> (each phrase of the query where it is written
// whole, else its bigrams and characters), and the snippet is the stretch
// of the body around the most of them.
(function () {
  "use strict";
  var api = window.pufaSearch = window.pufaSearch || {};
  var T = api.text;
  var SNIPPET_CHARS = 120;
  var LEAD_CHARS = 24;  // shown before the first match of the window

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // For each character of `chars`: the unit (1-based) whose match covers it, or 0.
  function marks(chars, list) {
    var norm = chars.map(T.normalize);
    var marked = new Int32Array(chars.length);
    function markAll(needle, unit) {
      if (needle.length === 0) return false;
      var any = false;
      for (var i = 0; i + needle.length <= norm.length; i++) {
        var ok = true;
        for (var k = 0; k < needle.length; k++) {
          if (norm[i + k] !== needle[k]) { ok = false; break; }
        }
        if (ok) {
          any = true;
          for (var j = 0; j < needle.length; j++) marked[i + j] = unit;
        }
      }
      return any;
    }
    list.forEach(function (u, k) {
      if (markAll(u.chars.slice(0, T.MAX_WORD_CHARS), k + 1)) return;
      if (u.cls === T.CJK) u.terms.forEach(function (t) { markAll(Array.from(t.key), k + 1); });
    });
    return marked;
  }

  function render(chars, marked, from, to) {
    var out = "";
    var open = false;
    for (var i = from; i < to; i++) {
      if (marked[i] && !open) { out += "<mark>"; open = true; }
      if (!marked[i] && open) { out += "</mark>"; open = false; }
      out += escapeHtml(chars[i]);
    }
    if (open) out += "</mark>";
    return out;
  }

  // `text` as HTML with the query's matches marked.
  function highlight(text, list) {
    var chars = Array.from(text);
    return render(chars, marks(chars, list), 0, chars.length);
  }

  // The snippet of `body` for the query, as HTML: spaces and line breaks
  // made one space, cut to SNIPPET_CHARS around the window holding the most
  // different units of the query (the earliest such), marks included.
  function snippet(body, list) {
    var chars = Array.from(body.replace(/\s+/g, " ").trim());
    if (chars.length === 0) return "";
    var marked = marks(chars, list);
    var best = 0, bestCount = 0;
    for (var i = 0; i < chars.length; i++) {
      if (!marked[i] || (i > 0 && marked[i - 1] === marked[i])) continue;
      var start = Math.max(0, i - LEAD_CHARS);
      var seen = {}, count = 0;
      for (var j = i; j < Math.min(chars.length, start + SNIPPET_CHARS); j++) {
        if (marked[j] && !seen[marked[j]]) { seen[marked[j]] = true; count++; }
      }
      if (count > bestCount) { bestCount = count; best = start; }
      if (count === list.length) break;
    }
    var end = Math.min(chars.length, best + SNIPPET_CHARS);
    if (end === chars.length) best = Math.max(0, Math.min(best, end - SNIPPET_CHARS));
    return (best > 0 ? "…" : "") + render(chars, marked, best, end) + (end < chars.length ? "…" : "");
  }

  api.snippet = { snippet: snippet, highlight: highlight, escapeHtml: escapeHtml };
})();
