// pufa search: Chinese-aware search with no server, working from disk too.
//
// The index is built by `pufa build` into search/data/*.js; each file calls
// pufaSearch.add(name, data) and is loaded with a <script> tag (fetch() does
// not work from file://). A query loads only the token shards its terms
// live in, and the document shards of the results it shows.
//
// Tokenising and ranking follow src/search/tokenize.rs and src/search/rank.rs
// step for step; change both together.
(function () {
  "use strict";

  var api = window.pufaSearch || {};
  window.pufaSearch = api;

  // ---- Loading data files --------------------------------------------------

  var loaded = {};   // name → data
  var pending = {};  // name → {promise, resolve, reject}
  var config = { data: "data", root: "", offline: false };

  api.add = function (name, data) {
    loaded[name] = data;
    if (pending[name]) pending[name].resolve(data);
  };

  function load(name) {
    if (loaded[name] !== undefined) return Promise.resolve(loaded[name]);
    if (pending[name]) return pending[name].promise;
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    pending[name] = entry;
    var script = document.createElement("script");
    var version = loaded.manifest ? "?v=" + loaded.manifest.version : "";
    script.src = config.data + "/" + name + ".js" + version;
    script.async = true;
    script.onerror = function () {
      delete pending[name];
      entry.reject(new Error("cannot load " + name));
    };
    document.head.appendChild(script);
    return entry.promise;
  }

  function loadAll(names) {
    return Promise.all(names.map(load));
  }

  // ---- Tokenising (mirrors tokenize.rs) ------------------------------------

  var CJK = 1, LETTER = 2, DIGIT = 3, OTHER = 0;
  var MAX_WORD_CHARS = 24;
  var alphabetic = /\p{Alphabetic}/u;

  function normalize(c) {
    var code = c.codePointAt(0);
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) c = " ";
    var lower = c.toLowerCase();
    return Array.from(lower).length === 1 ? lower : c;
  }

  function classOf(c) {
    var n = c.codePointAt(0);
    if (n >= 48 && n <= 57) return DIGIT;
    if ((n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) ||
        (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xac00 && n <= 0xd7af) ||
        (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x3134f)) return CJK;
    return alphabetic.test(c) ? LETTER : OTHER;
  }

  function runs(text) {
    var out = [];
    var current = null;
    Array.from(text).forEach(function (raw) {
      var c = normalize(raw);
      var cls = classOf(c);
      if (current && current.cls === cls) {
        current.chars.push(c);
        return;
      }
      if (current) out.push(current);
      current = cls === OTHER ? null : { cls: cls, chars: [c] };
    });
    if (current) out.push(current);
    return out;
  }

  // The query as units (a phrase, a word, a number), each with its terms.
  function units(query) {
    var all = runs(query);
    var chars = Array.from(query);
    var openEnd = chars.length > 0 && classOf(normalize(chars[chars.length - 1])) !== OTHER;
    return all.map(function (run, i) {
      var text = run.chars.slice(0, MAX_WORD_CHARS).join("");
      var terms = [];
      if (run.cls === CJK && run.chars.length === 1) {
        terms.push({ key: text, prefix: false });
      } else if (run.cls === CJK) {
        for (var k = 0; k + 1 < run.chars.length; k++) {
          var key = run.chars[k] + run.chars[k + 1];
          if (!terms.some(function (t) { return t.key === key; })) {
            terms.push({ key: key, prefix: false });
          }
        }
      } else {
        terms.push({ key: text, prefix: openEnd && i + 1 === all.length });
      }
      return { text: text, cls: run.cls, chars: run.chars, terms: terms };
    });
  }

  function nextBit(c) {
    return 1 << (c.codePointAt(0) % 6);
  }

  // ---- Shards and postings (mirrors shards.rs) -----------------------------

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$";
  var digitValue = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) digitValue[DIGITS.charCodeAt(d)] = d;

  // Numbers written by shards.rs `push_number`.
  function readNumbers(text) {
    var out = [];
    var v = 0;
    for (var i = 0; i < text.length; i++) {
      var x = digitValue[text.charCodeAt(i)];
      if (x >= 32) v = v * 32 + (x - 32);
      else { out.push(v * 32 + x); v = 0; }
    }
    return out;
  }

  // A token's postings as two arrays: documents ascending, and for each a
  // number holding tf - 1 (3 bits), the title flag (1 bit) and the
  // next-character mask (6 bits). Decoded once, straight from the text.
  var decoded = {};

  function postingsOf(shard, token) {
    if (decoded[token]) return decoded[token];
    var text = shard[token];
    var docs = new Int32Array(text.length >> 1), meta = new Int32Array(text.length >> 1);
    var count = 0, v = 0, doc = -1, isMeta = false;
    for (var i = 0; i < text.length; i++) {
      var x = digitValue[text.charCodeAt(i)];
      if (x >= 32) { v = v * 32 + (x - 32); continue; }
      v = v * 32 + x;
      if (isMeta) meta[count++] = v;
      else { doc += v + 1; docs[count] = doc; }
      isMeta = !isMeta;
      v = 0;
    }
    decoded[token] = { docs: docs.subarray(0, count), meta: meta.subarray(0, count) };
    return decoded[token];
  }

  // Index of the token shard that holds `key` (the last whose first token ≤ key).
  function shardIndex(manifest, key) {
    var firsts = manifest.tokenShards;
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function shardsOfTerm(manifest, term) {
    var first = shardIndex(manifest, term.key);
    var last = term.prefix ? shardIndex(manifest, term.key + "\uffff") : first;
    var names = [];
    for (var i = first; i <= last; i++) names.push("t" + i);
    return names;
  }

  // Token shards a query needs.
  function shardsOfUnits(manifest, list) {
    var names = [];
    list.forEach(function (u) {
      u.terms.forEach(function (t) {
        shardsOfTerm(manifest, t).forEach(function (n) {
          if (names.indexOf(n) < 0) names.push(n);
        });
      });
    });
    return names;
  }

  var sortedKeys = {};  // shard name → its tokens, sorted
  var merged = new Map();  // "p:key" / "e:key" → postings of a term

  // Postings of a term (for a prefix, of every token starting with it,
  // merged per document: counts added up to 8, flags and masks joined).
  function lookup(manifest, term) {
    var cacheKey = (term.prefix ? "p:" : "e:") + term.key;
    if (merged.has(cacheKey)) return merged.get(cacheKey);
    var lists = [];
    shardsOfTerm(manifest, term).forEach(function (name) {
      var shard = loaded[name];
      if (!shard) throw new Error("shard not loaded: " + name);
      if (!term.prefix) {
        if (Object.prototype.hasOwnProperty.call(shard, term.key)) lists.push(postingsOf(shard, term.key));
        return;
      }
      var keys = sortedKeys[name] || (sortedKeys[name] = Object.keys(shard).sort());
      keys.forEach(function (k) {
        if (k.lastIndexOf(term.key, 0) === 0) lists.push(postingsOf(shard, k));
      });
    });
    var result;
    if (lists.length === 0) result = { docs: new Int32Array(0), meta: new Int32Array(0) };
    else if (lists.length === 1) result = lists[0];
    else {
      var n = manifest.docs;
      var tf = new Uint8Array(n), flags = new Uint8Array(n), seen = new Uint8Array(n);
      var docs = [];
      lists.forEach(function (p) {
        for (var i = 0; i < p.docs.length; i++) {
          var d = p.docs[i], m = p.meta[i];
          if (!seen[d]) { seen[d] = 1; docs.push(d); tf[d] = (m & 7) + 1; flags[d] = m >> 3; }
          else { tf[d] = Math.min(tf[d] + (m & 7) + 1, 8); flags[d] |= m >> 3; }
        }
      });
      var sorted = Int32Array.from(docs).sort();
      var meta = new Int32Array(sorted.length);
      for (var i = 0; i < sorted.length; i++) meta[i] = (tf[sorted[i]] - 1) | (flags[sorted[i]] << 3);
      result = { docs: sorted, meta: meta };
    }
    merged.set(cacheKey, result);
    return result;
  }

  // ---- Ranking (mirrors rank.rs) -------------------------------------------

  var K1 = 1.2, B = 0.75, TITLE_BONUS = 2.0;

  function needed(n) {
    return Math.ceil((3 * n) / 5);
  }

  var lengthsCache = null;

  function lengths(manifest) {
    if (!lengthsCache || lengthsCache.version !== manifest.version) {
      lengthsCache = { version: manifest.version, list: readNumbers(manifest.lengths) };
    }
    return lengthsCache.list;
  }

  function rank(manifest, list) {
    var terms = [];
    list.forEach(function (u) { u.terms.forEach(function (t) { terms.push(t); }); });
    if (terms.length === 0) return [];
    var n = manifest.docs;
    var lens = lengths(manifest);
    var bm25 = new Float64Array(n);
    var touched = new Uint8Array(n);
    var candidates = [];
    // found[t][doc]: the posting number of term t in doc, or -1.
    var found = terms.map(function (term) {
      var postings = lookup(manifest, term);
      var here = new Int32Array(n).fill(-1);
      var df = postings.docs.length;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (var i = 0; i < df; i++) {
        var d = postings.docs[i], m = postings.meta[i];
        var tf = (m & 7) + 1;
        var len = lens[d] || 1;
        var norm = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / manifest.averageLength));
        bm25[d] += idf * (norm + ((m & 8) !== 0 ? TITLE_BONUS : 0));
        here[d] = m;
        if (!touched[d]) { touched[d] = 1; candidates.push(d); }
      }
      return here;
    });
    var hits = [];
    var u = list.length;
    candidates.forEach(function (d) {
      var matched = 0, whole = 0, titled = 0, first = 0, every = true;
      for (var k = 0; k < list.length; k++) {
        var unit = list[k];
        var have = 0;
        for (var t = first; t < first + unit.terms.length; t++) if (found[t][d] >= 0) have++;
        matched += have;
        if (have < needed(unit.terms.length)) { every = false; break; }
        if (have === unit.terms.length && chained(unit, found, first, d)) {
          whole++;
          var all = true;
          for (t = first; t < first + unit.terms.length; t++) if ((found[t][d] & 8) === 0) all = false;
          if (all) titled++;
        }
        first += unit.terms.length;
      }
      if (!every) return;
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
    if (unit.cls !== CJK) return true;
    for (var i = 0; i + 2 < unit.chars.length; i++) {
      var key = unit.chars[i] + unit.chars[i + 1];
      var m = -1;
      for (var t = 0; t < unit.terms.length; t++) {
        if (unit.terms[t].key === key) { m = found[first + t][d]; break; }
      }
      if (m < 0 || ((m >> 4) & nextBit(unit.chars[i + 2])) === 0) return false;
    }
    return true;
  }

  // ---- Public functions ----------------------------------------------------

  api.init = function (options) {
    Object.keys(options).forEach(function (k) { config[k] = options[k]; });
  };
  api.units = units;
  api.manifest = function () { return load("manifest"); };

  // Ranked hits for `query` from data already loaded (throws otherwise).
  api.rankLoaded = function (query) {
    return rank(loaded.manifest, units(query));
  };

  // Loads what `query` needs, then ranks: a promise of [{doc, score}].
  api.search = function (query) {
    return load("manifest").then(function (manifest) {
      var list = units(query);
      return loadAll(shardsOfUnits(manifest, list)).then(function () {
        return rank(manifest, list);
      });
    });
  };

  // A document's row: {doc, kind, title, path, date, snippet}.
  api.documents = function (docs) {
    return load("manifest").then(function (manifest) {
      var per = manifest.docsPerShard;
      var names = [];
      docs.forEach(function (doc) {
        var name = "d" + Math.floor(doc / per);
        if (names.indexOf(name) < 0) names.push(name);
      });
      return loadAll(names).then(function () {
        return docs.map(function (doc) {
          var row = loaded["d" + Math.floor(doc / per)][doc % per];
          return {
            doc: doc,
            kind: manifest.kindKeys[+manifest.kinds.charAt(doc)],
            title: row[0], path: row[1], date: row[2], snippet: row[3]
          };
        });
      });
    });
  };

  // ---- The search page -----------------------------------------------------

  var PAGE_SIZE = 20;

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // `text` with the query's phrases (or, failing a whole phrase, its
  // bigrams and characters) wrapped in <mark>, compared as normalized.
  function highlight(text, list) {
    var chars = Array.from(text);
    var norm = chars.map(normalize);
    var marked = new Array(chars.length).fill(false);
    function markAll(needle) {
      if (needle.length === 0) return false;
      var any = false;
      for (var i = 0; i + needle.length <= norm.length; i++) {
        var ok = true;
        for (var k = 0; k < needle.length; k++) {
          if (norm[i + k] !== needle[k]) { ok = false; break; }
        }
        if (ok) {
          any = true;
          for (var j = 0; j < needle.length; j++) marked[i + j] = true;
        }
      }
      return any;
    }
    list.forEach(function (u) {
      if (markAll(u.chars.slice(0, MAX_WORD_CHARS))) return;
      if (u.cls === CJK) u.terms.forEach(function (t) { markAll(Array.from(t.key)); });
    });
    var out = "";
    var open = false;
    chars.forEach(function (c, i) {
      if (marked[i] && !open) { out += "<mark>"; open = true; }
      if (!marked[i] && open) { out += "</mark>"; open = false; }
      out += escapeHtml(c);
    });
    if (open) out += "</mark>";
    return out;
  }

  // Mirrors urls::relative for links from the search page.
  function href(path) {
    var hash = "";
    var i = path.indexOf("#");
    if (i >= 0) { hash = path.slice(i); path = path.slice(0, i); }
    var out = config.root + path;
    if (config.offline && (path === "" || path.charAt(path.length - 1) === "/")) out += "index.html";
    else if (out === "") out = "./";
    return out + hash;
  }

  function startPage(app) {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-q");
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var kindNames = {};
    var state = { query: "", hits: [], kind: "", shown: 0, serial: 0 };

    api.init({
      data: app.getAttribute("data-data"),
      root: app.getAttribute("data-root"),
      offline: app.getAttribute("data-offline") === "true"
    });

    function selectedKind() {
      var checked = form.querySelector("input[name=kind]:checked");
      return checked ? checked.value : "";
    }

    function setKind(kind) {
      var radio = form.querySelector("input[name=kind][value='" + kind.replace(/[^a-z]/g, "") + "']");
      if (radio) radio.checked = true;
    }

    function remember() {
      var params = new URLSearchParams();
      if (state.query) params.set("q", state.query);
      if (state.kind) params.set("kind", state.kind);
      var search = params.toString();
      try {
        history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
      } catch (e) { /* some browsers refuse this from disk */ }
    }

    function filtered() {
      if (!state.kind) return state.hits;
      return state.hits.filter(function (h) { return h.kind === state.kind; });
    }

    function showCounts() {
      var counts = {};
      state.hits.forEach(function (h) { counts[h.kind] = (counts[h.kind] || 0) + 1; });
      Array.prototype.forEach.call(form.querySelectorAll(".kind-count"), function (el) {
        var k = el.getAttribute("data-kind");
        el.textContent = state.query ? "（" + (k ? counts[k] || 0 : state.hits.length) + "）" : "";
      });
    }

    function render(reset) {
      var list = filtered();
      var serial = state.serial;
      if (reset) {
        results.innerHTML = "";
        state.shown = 0;
      }
      showCounts();
      if (!state.query) {
        status.textContent = "输入要找的词，结果会随输入出现。";
        more.hidden = true;
        return;
      }
      if (list.length === 0) {
        var what = state.kind && state.hits.length ? "在“" + kindNames[state.kind] + "”中" : "";
        status.innerHTML = what + "没有找到与“" + escapeHtml(state.query) +
          "”相关的内容。<br>可以换个说法，或只输入两三个关键字（如“诈骗”）；也可以拨打 <a href=\"tel:12348\">12348</a> 公共法律服务热线咨询。";
        status.className = "search-status search-empty";
        more.hidden = true;
        return;
      }
      status.className = "search-status";
      status.textContent = "找到 " + list.length + " 条与“" + state.query + "”相关的结果" +
        (state.kind ? "（" + kindNames[state.kind] + "）" : "") + "。";
      var page = list.slice(state.shown, state.shown + PAGE_SIZE);
      state.shown += page.length;
      more.hidden = state.shown >= list.length;
      var ulist = units(state.query);
      api.documents(page.map(function (h) { return h.doc; })).then(function (rows) {
        if (serial !== state.serial) return;
        results.insertAdjacentHTML("beforeend", rows.map(function (r) {
          return "<li class=\"result card card-" + r.kind + "\"><p class=\"card-meta\"><span class=\"badge badge-" + r.kind + "\">" +
            escapeHtml(kindNames[r.kind] || "") + "</span>" + (r.date ? " <span class=\"date\">" + escapeHtml(r.date) + "</span>" : "") +
            "</p><h2 class=\"card-title\"><a href=\"" + escapeHtml(href(r.path)) + "\">" + highlight(r.title, ulist) +
            "</a></h2>" + (r.snippet ? "<p class=\"card-summary\">" + highlight(r.snippet, ulist) + "</p>" : "") + "</li>";
        }).join(""));
      }, failed);
    }

    function failed() {
      status.textContent = "搜索数据没有加载成功，请刷新页面再试。";
      status.className = "search-status search-empty";
    }

    function run() {
      var query = input.value.trim();
      state.kind = selectedKind();
      var serial = ++state.serial;
      state.query = query;
      remember();
      if (!query || units(query).length === 0) {
        state.hits = [];
        render(true);
        return;
      }
      status.textContent = "正在搜索……";
      api.search(query).then(function (hits) {
        if (serial !== state.serial) return;
        return api.manifest().then(function (manifest) {
          state.hits = hits.map(function (h) {
            return { doc: h.doc, score: h.score, kind: manifest.kindKeys[+manifest.kinds.charAt(h.doc)] };
          });
          render(true);
        });
      }).catch(function () { if (serial === state.serial) failed(); });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (radio) {
      radio.addEventListener("change", function () {
        state.kind = selectedKind();
        remember();
        state.serial++;
        render(true);
      });
    });
    more.addEventListener("click", function () { render(false); });

    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    setKind(params.get("kind") || "");
    api.manifest().then(function (manifest) {
      kindNames = manifest.kindNames;
      run();
    }, failed);
  }

  var app = document.getElementById("search-app");
  if (app) startPage(app);
})();
