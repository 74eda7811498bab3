// pufa search, part 3 of 6: indexing in the browser. A small site ships
// only its text (see src/search/shards.rs); the first query loads it and
// this builds the same postings src/search/index.rs would: per token, the
// documents holding it, each with tf - 1 (3 bits), the title flag (1 bit)
// and the mask of characters following a bigram (6 bits).
(function () {
  "use strict";
  var api = window.pufaSearch = window.pufaSearch || {};
  var T = api.text;
  var MAX_TF = 8;

  // One document's tokens: Map key → [tf, title, next], and its length.
  function documentTokens(title, body) {
    var tokens = new Map();
    var length = 0;
    function add(key, next, inTitle) {
      var c = tokens.get(key);
      if (!c) { c = [0, 0, 0]; tokens.set(key, c); }
      c[0]++;
      if (inTitle) c[1] = 1;
      if (next) c[2] |= T.nextBit(next);
    }
    [[title, true], [body, false]].forEach(function (part) {
      T.runs(part[0]).forEach(function (run) {
        var chars = run.chars;
        if (run.cls === T.CJK) {
          for (var i = 0; i < chars.length; i++) {
            add(chars[i], null, part[1]);
            if (i + 1 < chars.length) add(chars[i] + chars[i + 1], chars[i + 2], part[1]);
          }
          length += Math.max(chars.length - 1, 1);
        } else {
          add(chars.slice(0, T.MAX_WORD_CHARS).join(""), null, part[1]);
          length += 1;
        }
      });
    });
    return { tokens: tokens, length: length };
  }

  // A search source over documents [{title, body}] in site order.
  function build(docs) {
    var lists = new Map();  // key → {docs: [], meta: []}
    var lengths = new Array(docs.length);
    var total = 0;
    docs.forEach(function (doc, d) {
      var found = documentTokens(doc.title, doc.body);
      lengths[d] = found.length;
      total += found.length;
      found.tokens.forEach(function (c, key) {
        var list = lists.get(key);
        if (!list) { list = { docs: [], meta: [] }; lists.set(key, list); }
        list.docs.push(d);
        list.meta.push((Math.min(c[0], MAX_TF) - 1) | (c[1] << 3) | (c[2] << 4));
      });
    });
    var sorted = null;
    return {
      docs: docs.length,
      lengths: lengths,
      averageLength: Math.max(total / Math.max(docs.length, 1), 1),
      list: function (key) { return lists.get(key) || null; },
      keysWithPrefix: function (prefix) {
        if (!sorted) sorted = Array.from(lists.keys()).sort();
        var lo = 0, hi = sorted.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] < prefix) lo = mid + 1; else hi = mid; }
        var out = [];
        for (var i = lo; i < sorted.length && sorted[i].lastIndexOf(prefix, 0) === 0; i++) out.push(sorted[i]);
        return out;
      }
    };
  }

  api.index = { build: build, documentTokens: documentTokens };
})();
