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
        terms.push({ key: text, prefix: true });
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
  var digitValue = {};
  for (var d = 0; d < DIGITS.length; d++) digitValue[DIGITS.charCodeAt(d)] = d;

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

  var decoded = {};  // token → [doc, tf, title, next, doc, tf, …]

  function postingsOf(shard, token) {
    if (decoded[token]) return decoded[token];
    var nums = readNumbers(shard[token]);
    var out = [];
    var doc = -1;
    for (var i = 0; i + 1 < nums.length; i += 2) {
      doc += nums[i] + 1;
      var meta = nums[i + 1];
      out.push({ doc: doc, tf: (meta & 7) + 1, title: (meta & 8) !== 0, next: meta >> 4 });
    }
    decoded[token] = out;
    return out;
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

  // Postings of a term merged per document, in document order.
  function lookup(manifest, term) {
    var byDoc = new Map();
    shardsOfTerm(manifest, term).forEach(function (name) {
      var shard = loaded[name];
      if (!shard) throw new Error("shard not loaded: " + name);
      var keys;
      if (term.prefix) {
        keys = sortedKeys[name] || (sortedKeys[name] = Object.keys(shard).sort());
        keys = keys.filter(function (k) { return k.lastIndexOf(term.key, 0) === 0; });
      } else {
        keys = Object.prototype.hasOwnProperty.call(shard, term.key) ? [term.key] : [];
      }
      keys.forEach(function (k) {
        postingsOf(shard, k).forEach(function (p) {
          var q = byDoc.get(p.doc);
          if (q) {
            q.tf = Math.min(q.tf + p.tf, 8);
            q.title = q.title || p.title;
            q.next = q.next | p.next;
          } else {
            byDoc.set(p.doc, { doc: p.doc, tf: p.tf, title: p.title, next: p.next });
          }
        });
      });
    });
    return Array.from(byDoc.values()).sort(function (a, b) { return a.doc - b.doc; });
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
    var perDoc = new Map();
    terms.forEach(function (term, t) {
      var postings = lookup(manifest, term);
      var df = postings.length;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      postings.forEach(function (p) {
        var len = lens[p.doc] || 1;
        var norm = (p.tf * (K1 + 1)) / (p.tf + K1 * (1 - B + (B * len) / manifest.averageLength));
        var entry = perDoc.get(p.doc);
        if (!entry) {
          entry = { found: new Array(terms.length).fill(null), bm25: 0 };
          perDoc.set(p.doc, entry);
        }
        entry.bm25 += idf * (norm + (p.title ? TITLE_BONUS : 0));
        entry.found[t] = p;
      });
    });
    var hits = [];
    perDoc.forEach(function (entry, doc) {
      if (!holdsEveryUnit(list, entry.found)) return;
      var matched = entry.found.filter(function (p) { return p; }).length;
      var m = unitMatches(list, entry.found);
      var u = list.length;
      var score = (1000 * matched) / terms.length + (200 * m.whole) / u +
        (100 * m.titled) / u + Math.min(entry.bm25, 99);
      hits.push({ doc: doc, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return hits;
  }

  function holdsEveryUnit(list, found) {
    var first = 0;
    return list.every(function (unit) {
      var own = found.slice(first, first + unit.terms.length);
      first += unit.terms.length;
      return own.filter(function (p) { return p; }).length >= needed(unit.terms.length);
    });
  }

  function unitMatches(list, found) {
    var whole = 0, titled = 0, first = 0;
    list.forEach(function (unit) {
      var own = found.slice(first, first + unit.terms.length);
      first += unit.terms.length;
      if (own.some(function (p) { return !p; })) return;
      var posting = function (key) {
        for (var i = 0; i < unit.terms.length; i++) if (unit.terms[i].key === key) return own[i];
        return null;
      };
      var chained = true;
      if (unit.cls === CJK) {
        for (var i = 0; i + 2 < unit.chars.length; i++) {
          var p = posting(unit.chars[i] + unit.chars[i + 1]);
          if (!p || (p.next & nextBit(unit.chars[i + 2])) === 0) { chained = false; break; }
        }
      }
      if (chained) {
        whole++;
        if (own.every(function (p) { return p.title; })) titled++;
      }
    });
    return { whole: whole, titled: titled };
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
