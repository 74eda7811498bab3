// pufa search, part 2 of 6: loading the data files pufa writes under
// search/data/ (see src/search/shards.rs). Each calls
// pufaSearch.add(name, version, data) and comes by a <script> tag, since
// fetch() does not work from file://. The manifest is asked for afresh by
// each page; shards with ?v=VERSION, and one from another build is refused.
(function () {
  "use strict";
  var api = window.pufaSearch = window.pufaSearch || {};

  var loaded = {};   // name → data
  var pending = {};  // name → {promise, resolve, reject}
  var config = { data: "data" };

  api.configure = function (options) {
    Object.keys(options).forEach(function (k) { config[k] = options[k]; });
  };

  api.add = function (name, version, data) {
    var entry = pending[name];
    var manifest = name === "manifest" ? data : loaded.manifest;
    if (manifest && manifest.version !== version) {
      if (entry) { delete pending[name]; entry.reject(new Error("stale search data: " + name)); }
      return;
    }
    loaded[name] = data;
    if (entry) entry.resolve(data);
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
    var stamp = name === "manifest" ? "?t=" + Date.now() : "?v=" + loaded.manifest.version;
    script.src = config.data + "/" + name + ".js" + stamp;
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

  // ---- Numbers and postings ----

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$";
  var digitValue = new Int8Array(128).fill(-1);
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

  // A token's postings as {docs, meta}, decoded straight from the text.
  function decodePostings(text) {
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
    return { docs: docs.subarray(0, count), meta: meta.subarray(0, count) };
  }

  // ---- Manifest helpers ----

  var derived = null;  // numbers decoded from the manifest, per version

  function manifestNumbers(m) {
    if (!derived || derived.version !== m.version) {
      derived = {
        version: m.version,
        docShards: readNumbers(m.docShards),
        lengths: m.lengths ? readNumbers(m.lengths) : null
      };
    }
    return derived;
  }

  // The last of `firsts` that is ≤ key (both sorted), by binary search.
  function lastAtMost(firsts, key) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function docShardOf(m, doc) {
    return "d" + lastAtMost(manifestNumbers(m).docShards, doc);
  }

  function allDocShards(m) {
    return manifestNumbers(m).docShards.map(function (_, i) { return "d" + i; });
  }

  function tokenShardsOf(m, term) {
    var first = lastAtMost(m.tokenShards, term.key);
    var last = term.prefix ? lastAtMost(m.tokenShards, term.key + "\uffff") : first;
    var names = [];
    for (var i = first; i <= last; i++) names.push("t" + i);
    return names;
  }

  // Token shards the query's units need (none on a small site).
  function shardsOfUnits(m, list) {
    var names = [];
    if (m.whole) return allDocShards(m);
    list.forEach(function (u) {
      u.terms.forEach(function (t) {
        tokenShardsOf(m, t).forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); });
      });
    });
    return names;
  }

  // A document's row: {doc, kind, title, path, date, body}, from loaded shards.
  function row(m, doc) {
    var shard = docShardOf(m, doc);
    var first = manifestNumbers(m).docShards[+shard.slice(1)];
    var r = loaded[shard][doc - first];
    return { doc: doc, kind: m.kindKeys[+m.kinds.charAt(doc)], title: r[0], path: r[1], date: r[2], body: r[3] };
  }

  // The search source of a large site: postings from loaded token shards.
  function shardSource(m) {
    var decoded = new Map();
    var sortedKeys = {};
    function list(key) {
      if (decoded.has(key)) return decoded.get(key);
      var shard = loaded[tokenShardsOf(m, { key: key, prefix: false })[0]];
      if (!shard) throw new Error("token shard not loaded for " + key);
      var found = Object.prototype.hasOwnProperty.call(shard, key) ? decodePostings(shard[key]) : null;
      decoded.set(key, found);
      return found;
    }
    return {
      docs: m.docs,
      lengths: manifestNumbers(m).lengths,
      averageLength: m.averageLength,
      list: list,
      keysWithPrefix: function (prefix) {
        var out = [];
        tokenShardsOf(m, { key: prefix, prefix: true }).forEach(function (name) {
          var keys = sortedKeys[name] || (sortedKeys[name] = Object.keys(loaded[name]).sort());
          keys.forEach(function (k) { if (k.lastIndexOf(prefix, 0) === 0) out.push(k); });
        });
        return out;
      }
    };
  }

  // The search source of the loaded data (a small site's is indexed here,
  // once its documents are loaded).
  var sourceCache = null;
  function source(m) {
    if (sourceCache && sourceCache.version === m.version) return sourceCache.source;
    var s;
    if (m.whole) {
      var docs = [];
      for (var d = 0; d < m.docs; d++) docs.push(row(m, d));
      s = api.index.build(docs);
    } else {
      s = shardSource(m);
    }
    sourceCache = { version: m.version, source: s };
    return s;
  }

  api.data = {
    load: load, loadAll: loadAll, loaded: loaded, readNumbers: readNumbers,
    decodePostings: decodePostings, shardsOfUnits: shardsOfUnits,
    docShardOf: docShardOf, row: row, source: source
  };
})();
