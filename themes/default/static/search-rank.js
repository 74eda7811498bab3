// pufa search, part 4 of 6: ranking, step for step as src/search/rank.rs
// (change both together; tests/search.rs compares them). A document must
// hold every unit of the query (each word, number and single character, and
// 60 % of each Chinese phrase's bigrams); then, highest first: the share of
// terms held (×1000), of units held whole (×200), of units whole in the
// title (×100), and BM25 with a title bonus, capped at 99.
(function () {
  "use strict";
  var api = window.pufaSearch = window.pufaSearch || {};
  var T = api.text;
  var K1 = 1.2, B = 0.75, TITLE_BONUS = 2.0, MAX_TF = 8;
  var EMPTY = { docs: new Int32Array(0), meta: new Int32Array(0) };

  function needed(n) {
    return Math.ceil((3 * n) / 5);
  }

  // Postings of a term; for a prefix, of every token starting with it,
  // merged per document (counts added up to 8, flags and masks joined).
  function lookup(source, term) {
    if (!term.prefix) return source.list(term.key) || EMPTY;
    var lists = source.keysWithPrefix(term.key).map(source.list).filter(Boolean);
    if (lists.length === 0) return EMPTY;
    if (lists.length === 1) return lists[0];
    var tf = new Uint8Array(source.docs), flags = new Uint8Array(source.docs), seen = new Uint8Array(source.docs);
    var docs = [];
    lists.forEach(function (p) {
      for (var i = 0; i < p.docs.length; i++) {
        var d = p.docs[i], m = p.meta[i];
        if (!seen[d]) { seen[d] = 1; docs.push(d); tf[d] = (m & 7) + 1; flags[d] = m >> 3; }
        else { tf[d] = Math.min(tf[d] + (m & 7) + 1, MAX_TF); flags[d] |= m >> 3; }
      }
    });
    var sorted = Int32Array.from(docs).sort();
    var meta = new Int32Array(sorted.length);
    for (var i = 0; i < sorted.length; i++) meta[i] = (tf[sorted[i]] - 1) | (flags[sorted[i]] << 3);
    return { docs: sorted, meta: meta };
  }

  // [{doc, score}], best first (ties: site order).
  function rank(source, list) {
    var terms = [];
    list.forEach(function (u) { u.terms.forEach(function (t) { terms.push(t); }); });
    if (terms.length === 0) return [];
    var n = source.docs;
    var lens = source.lengths;
    var bm25 = new Float64Array(n);
    var touched = new Uint8Array(n);
    var candidates = [];
    // found[t][doc]: the posting meta of term t in doc, or -1.
    var found = terms.map(function (term) {
      var postings = lookup(source, term);
      var here = new Int32Array(n).fill(-1);
      var df = postings.docs.length;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (var i = 0; i < df; i++) {
        var d = postings.docs[i], m = postings.meta[i];
        var tf = (m & 7) + 1;
        var len = lens[d] || 1;
        var norm = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / source.averageLength));
        bm25[d] += idf * (norm + ((m & 8) !== 0 ? TITLE_BONUS : 0));
        here[d] = m;
        if (!touched[d]) { touched[d] = 1; candidates.push(d); }
      }
      return here;
    });
    var hits = [];
    var u = list.length;
    candidates.forEach(function (d) {
      var matched = 0, whole = 0, titled = 0, first = 0;
      for (var k = 0; k < list.length; k++) {
        var unit = list[k];
        var have = 0;
        for (var t = first; t < first + unit.terms.length; t++) if (found[t][d] >= 0) have++;
        matched += have;
        if (have < needed(unit.terms.length)) return;
        if (have === unit.terms.length && chained(unit, found, first, d)) {
          whole++;
          var all = true;
          for (t = first; t < first + unit.terms.length; t++) if ((found[t][d] & 8) === 0) all = false;
          if (all) titled++;
        }
        first += unit.terms.length;
      }
      var score = (1000 * matched) / terms.length + (200 * whole) / u +
        (100 * titled) / u + Math.min(bm25[d], 99);
      hits.push({ doc: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return hits;
  }

  // Whether the unit's bigrams follow each other in document d (by the
  // next-character masks); words and numbers always do.
  function chained(unit, found, first, d) {
    if (unit.cls !== T.CJK) return true;
    for (var i = 0; i + 2 < unit.chars.length; i++) {
      var key = unit.chars[i] + unit.chars[i + 1];
      var m = -1;
      for (var t = 0; t < unit.terms.length; t++) {
        if (unit.terms[t].key === key) { m = found[first + t][d]; break; }
      }
      if (m < 0 || ((m >> 4) & T.nextBit(unit.chars[i + 2])) === 0) return false;
    }
    return true;
  }

  api.rank = { rank: rank, lookup: lookup, needed: needed };
})();
