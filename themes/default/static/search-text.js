// pufa search, part 1 of 6: cutting text into tokens, exactly as
// src/search/tokenize.rs and src/search/numerals.rs do (change both
// together). Chinese runs give overlapping bigrams and every character
// alone; letters give lower-cased words; digits give numbers; 第十条 is
// read as 第10条.
(function () {
  "use strict";
  var api = window.pufaSearch = window.pufaSearch || {};

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

  // ---- Article numbers (numerals.rs, which reads them as laws/numerals.rs) ----
  var DIGIT_VALUE = { "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4,
    "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9 };
  var UNIT_VALUE = { "十": 10, "百": 100, "千": 1000, "万": 10000,
    "拾": 10, "佰": 100, "仟": 1000 };
  var UNITS_AFTER = "条款项章节编";
  var MAX_NUMERAL_CHARS = 12;

  function numeralValue(chars) {
    if (chars.every(function (c) { return c in DIGIT_VALUE; })) {
      return chars.reduce(function (v, c) { return v * 10 + DIGIT_VALUE[c]; }, 0);
    }
    var total = 0, section = 0, number = -1;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (c in DIGIT_VALUE) number = DIGIT_VALUE[c];
      else if (UNIT_VALUE[c] === 10000) { total += (section + Math.max(number, 0)) * 10000; section = 0; number = -1; }
      else { section += (number < 0 ? 1 : number) * UNIT_VALUE[c]; number = -1; }
    }
    return total + section + Math.max(number, 0);
  }

  function foldNumerals(text) {
    if (text.indexOf("第") < 0) return text;
    var chars = Array.from(text);
    var out = "";
    var i = 0;
    while (i < chars.length) {
      out += chars[i];
      if (chars[i] === "第") {
        var start = i + 1, end = start;
        while (end < chars.length && end - start < MAX_NUMERAL_CHARS &&
               (chars[end] in DIGIT_VALUE || chars[end] in UNIT_VALUE)) end++;
        if (end > start && end < chars.length && UNITS_AFTER.indexOf(chars[end]) >= 0) {
          out += String(numeralValue(chars.slice(start, end)));
          i = end;
          continue;
        }
      }
      i++;
    }
    return out;
  }

  // Runs of one class of normalized characters: {cls, chars}.
  function runs(text) {
    var out = [];
    var current = null;
    Array.from(foldNumerals(text)).forEach(function (raw) {
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

  // The query as units (a phrase, a word, a number), each with its terms
  // ({key, prefix}: the last word matches by prefix until a space follows).
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

  api.text = {
    CJK: CJK, LETTER: LETTER, DIGIT: DIGIT, OTHER: OTHER, MAX_WORD_CHARS: MAX_WORD_CHARS,
    normalize: normalize, classOf: classOf, foldNumerals: foldNumerals,
    runs: runs, units: units, nextBit: nextBit
  };
  api.units = units;
})();
