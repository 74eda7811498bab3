// pufa search, part 6 of 6: the /search/ page. Results follow typing (not
// while an input method is still composing Chinese), the kind filter and
// the query live in the address (?q=…&kind=…) so a search can be shared,
// and a clear message shows when nothing matches.
(function () {
  "use strict";
  var api = window.pufaSearch = window.pufaSearch || {};
  var T = api.text, D = api.data, R = api.rank, S = api.snippet;
  var PAGE_SIZE = 20;
  var TYPING_PAUSE_MS = 150;

  // Loads what `query` needs, then ranks: a promise of [{doc, score, kind}].
  api.search = function (query) {
    return D.load("manifest").then(function (m) {
      var list = T.units(query);
      return D.loadAll(D.shardsOfUnits(m, list)).then(function () {
        return R.rank(D.source(m), list).map(function (h) {
          return { doc: h.doc, score: h.score, kind: m.kindKeys[+m.kinds.charAt(h.doc)] };
        });
      });
    });
  };

  // Ranks from data already loaded (for the benchmark and the parity test).
  api.rankLoaded = function (query) {
    return R.rank(D.source(D.loaded.manifest), T.units(query));
  };

  // Rows {doc, kind, title, path, date, body} of `docs`.
  api.documents = function (docs) {
    return D.load("manifest").then(function (m) {
      var names = [];
      docs.forEach(function (doc) {
        var name = D.docShardOf(m, doc);
        if (names.indexOf(name) < 0) names.push(name);
      });
      return D.loadAll(names).then(function () {
        return docs.map(function (doc) { return D.row(m, doc); });
      });
    });
  };

  // Mirrors urls::relative for links from the search page.
  function href(config, path) {
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
    var config = {
      root: app.getAttribute("data-root"),
      offline: app.getAttribute("data-offline") === "true"
    };
    var kindNames = {};
    var state = { query: "", hits: [], kind: "", shown: 0, serial: 0 };
    api.configure({ data: app.getAttribute("data-data") });

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

    function card(r, list) {
      var snippet = S.snippet(r.body, list);
      return "<li class=\"result card card-" + r.kind + "\"><p class=\"card-meta\"><span class=\"badge badge-" + r.kind + "\">" +
        S.escapeHtml(kindNames[r.kind] || "") + "</span>" + (r.date ? " <span class=\"date\">" + S.escapeHtml(r.date) + "</span>" : "") +
        "</p><h2 class=\"card-title\"><a href=\"" + S.escapeHtml(href(config, r.path)) + "\">" + S.highlight(r.title, list) +
        "</a></h2>" + (snippet ? "<p class=\"card-summary\">" + snippet + "</p>" : "") + "</li>";
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
        status.className = "search-status";
        status.textContent = "输入要找的词，结果会随输入出现。";
        more.hidden = true;
        return;
      }
      if (list.length === 0) {
        var what = state.kind && state.hits.length ? "在“" + kindNames[state.kind] + "”中" : "";
        status.innerHTML = what + "没有找到与“" + S.escapeHtml(state.query) +
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
      var units = T.units(state.query);
      api.documents(page.map(function (h) { return h.doc; })).then(function (rows) {
        if (serial !== state.serial) return;
        results.insertAdjacentHTML("beforeend", rows.map(function (r) { return card(r, units); }).join(""));
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
      if (!query || T.units(query).length === 0) {
        state.hits = [];
        render(true);
        return;
      }
      status.textContent = "正在搜索……";
      api.search(query).then(function (hits) {
        if (serial !== state.serial) return;
        state.hits = hits;
        render(true);
      }).catch(function () { if (serial === state.serial) failed(); });
    }

    // While an input method composes (拼音 letters not yet chosen), the box
    // holds letters the reader will not search for: wait for compositionend.
    var timer = null;
    var composing = false;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(run, TYPING_PAUSE_MS);
    }
    input.addEventListener("compositionstart", function () {
      composing = true;
      clearTimeout(timer);
    });
    input.addEventListener("compositionend", function () {
      composing = false;
      later();
    });
    input.addEventListener("input", function (e) {
      if (composing || e.isComposing) return;
      later();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      composing = false;
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
    D.load("manifest").then(function (m) {
      kindNames = m.kindNames;
      run();
    }, failed);
  }

  var app = document.getElementById("search-app");
  if (app) startPage(app);
})();
