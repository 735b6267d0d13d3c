// The calculators' words: what a reader typed → evaluator input, and the
// evaluator's answer (result, explanation, error) → sentences in the page's
// language, from the data of assets/calc-data.<lang>.js (src/render/calculator.ts).
// The one module that reads the explanation's shape (ExplanationJson in
// src/compile/explanation.ts): a change there is met here alone.
// A classic script (no import/export): it must run from file://, where
// module scripts are refused; it sets self.RulebookCalcWords.
(function (g) {
  'use strict';

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, k) { return values[k] !== undefined ? values[k] : ''; });
  }

  function grouped(int) { return int.replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

  // An exact decimal string times 100, without floating point.
  function times100(s) {
    var neg = s.charAt(0) === '-';
    var parts = (neg ? s.slice(1) : s).split('.');
    var frac = (parts[1] || '') + '00';
    var whole = (parts[0] + frac.slice(0, 2)).replace(/^0+(?=\d)/, '');
    var rest = frac.slice(2).replace(/0+$/, '');
    return (neg ? '-' : '') + whole + (rest ? '.' + rest : '');
  }

  /** A value from the evaluator (JSON: decimal strings, booleans, keys, dates) in words with its unit. */
  function fmt(value, field, data) {
    if (value === null || value === undefined) return '—';
    var sep = data.lang === 'zh' ? '，' : ', ';
    if (Array.isArray(value)) return value.map(function (v) { return fmt(v, field, data); }).join(sep);
    if (typeof value === 'boolean') return value ? data.words['ui.yes'] : data.words['ui.no'];
    var s = typeof value === 'object' ? JSON.stringify(value) : String(value);
    var kind = field ? field.kind : '';
    if (kind === 'enum') return (field.values && field.values[s]) || s;
    if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
    if (kind === 'percent') return times100(s) + '%';
    if (kind === 'money') {
      var neg = s.charAt(0) === '-';
      var p = (neg ? s.slice(1) : s).split('.');
      var frac = p[1] && !/^0+$/.test(p[1]) ? '.' + (p[1] + '0').slice(0, Math.max(2, p[1].replace(/0+$/, '').length)) : '';
      return (neg ? '-' : '') + data.symbol + grouped(p[0]) + frac;
    }
    if (field && field.unit) return s + field.unit;
    return s;
  }

  /**
   * What the reader typed in a box → the evaluator's input, or the reason it
   * is not a value. Full-width digits and signs (１００００, ７２％) and
   * thousands separators are accepted; a percent field takes percent (72 is 72%).
   */
  function parseInput(raw, field, data, example) {
    var t = String(raw).normalize('NFKC').trim();
    if (data.symbol) t = t.split(data.symbol).join('');
    t = t.replace(/^[¥$€£]|[元]$/g, '').trim();
    var typedPercent = field.kind === 'percent' && /%$/.test(t);
    if (field.kind === 'percent') t = t.replace(/%$/, '').trim();
    if (t === '') return { empty: true };
    // Separators group thousands only (100,000 and 1,000.5): 1,5 or 12,34 may mean a decimal comma, so it is refused, not read as 15 or 1234.
    if (/[\s,_']/.test(t)) {
      if (!/^[+-]?\d{1,3}([\s,_']\d{3})+(\.\d*)?$/.test(t)) return { error: fill(data.words['calc.not-number'], { field: field.label, example: example || '' }) };
      t = t.replace(/[\s,_']/g, '');
    }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return { error: fill(data.words['calc.not-number'], { field: field.label, example: example || '' }) };
    if ((field.kind === 'integer' || field.kind === 'months' || field.kind === 'days') && !/^[+-]?\d+$/.test(t)) {
      return { error: fill(data.words['calc.not-whole'], { field: field.label }) };
    }
    if (field.kind === 'percent' && !typedPercent && /^\+?0*\.\d*[1-9]/.test(t)) {
      // 0.72 here is 0.72%, as the box says; but `eval` reads the fraction 0.72 as 72%, so whoever meant that is told.
      var plain = t.replace(/^\+/, '').replace(/^\./, '0.');
      var meant = times100(plain);
      return { value: t + '%', note: fill(data.words['calc.percent-small'], { field: field.label, value: plain + '%', meant: meant + '%', typed: meant }) };
    }
    return { value: field.kind === 'percent' ? t + '%' : t };
  }

  function versionOf(dec, e) {
    var from = e.version && e.version.from;
    for (var i = 0; i < dec.versions.length; i++) if (dec.versions[i].from === from) return dec.versions[i];
    return dec.versions[dec.versions.length - 1];
  }

  function outputsText(dec, out, names, data) {
    var sep = data.lang === 'zh' ? '，' : ', ';
    return names.filter(function (n) { return out && n in out; }).map(function (n) {
      return dec.outputs[n].label + ' ' + fmt(out[n], dec.outputs[n], data);
    }).join(sep);
  }

  /**
   * The explanation as steps in words, outermost first: each formula with the
   * values it used, then which row of each table gave its part.
   */
  function explainSteps(e, data, depth) {
    depth = depth || 0;
    var steps = [];
    if (!e || depth > 12) return steps;
    var dec = data.decisions[e.decision];
    if (!dec) return steps;
    if (e.exception) {
      // The answer is an exception's (a decision that takes precedence over this one): say which, then how it came to it.
      var exc = data.decisions[e.exception.decision];
      steps.push(fill(data.words['calc.exception'], { title: exc ? exc.title : '' }));
      return steps.concat(explainSteps(e.exception, data, depth));
    }
    var ver = versionOf(dec, e);
    var used = {};
    var callsById = {};
    (e.calls || []).forEach(function (c) { (callsById[c.decision] = callsById[c.decision] || []).push(c); });
    (e.formulas || []).forEach(function (f) {
      var parts = ver.formulas[f.output];
      // A constant (`dismissal: false`) explains nothing beyond the result itself.
      if (!parts || !parts.some(function (p) { return typeof p !== 'string'; })) return;
      var text = parts.map(function (p) {
        if (typeof p === 'string') return p;
        if (p.in !== undefined) return dec.inputs[p.in].label + ' ' + fmt(e.input[p.in], dec.inputs[p.in], data);
        var callee = data.decisions[p.call];
        var n = used[p.call] || 0;
        var c = (callsById[p.call] || [])[n];
        used[p.call] = n + 1;
        var field = callee && callee.outputs[p.out];
        return (field ? field.label : '') + ' ' + fmt(c && c.output ? c.output[p.out] : undefined, field, data);
      }).join('');
      var out = dec.outputs[f.output];
      var value = e.output && f.output in e.output ? e.output[f.output] : f.value;
      steps.push(text + ' = ' + out.label + ' ' + fmt(value, out, data));
    });
    var tableOutputs = dec.order.filter(function (n) { return !ver.formulas[n]; });
    (e.rows || []).forEach(function (r) {
      var row = ver.rows[r.index];
      if (row === undefined) return;
      var outs = outputsText(dec, e.output, tableOutputs, data);
      steps.push(fill(data.words[depth > 0 ? 'calc.from-row' : 'calc.row-applies'], { row: row, outputs: outs }));
    });
    if (e.defaulted) steps.push(fill(data.words['calc.default'], { outputs: outputsText(dec, e.output, tableOutputs, data) }));
    (e.calls || []).forEach(function (c) { steps.push.apply(steps, explainSteps(c, data, depth + 1)); });
    return steps;
  }

  /**
   * Which version of a rule with several gave the answer, as of the date asked
   * (按 2025-06-01 有效的规定计算：自 2025-01-01 至 2025-12-31的版本); empty for a rule with one.
   */
  function versionText(e, data, asOf) {
    var dec = e && data.decisions[e.decision];
    if (!dec || dec.versions.length < 2 || !asOf) return '';
    var ver = versionOf(dec, e);
    return ver.period ? fill(data.words['calc.version-used'], { date: asOf, period: ver.period }) : '';
  }

  /** What the reader entered, as "label value" pairs in the page's language. */
  function enteredText(entered, top, data) {
    var sep = data.lang === 'zh' ? '，' : ', ';
    return Object.keys(entered || {}).filter(function (k) { return top && top.inputs[k]; }).map(function (k) {
      var f = top.inputs[k];
      var v = f.kind === 'percent' ? entered[k] : fmt(entered[k], f, data);
      return f.label + ' ' + v;
    }).join(sep);
  }

  /** An evaluator error in the page's language, naming the field and what it allows; never an id or code. */
  function errorText(err, data, topId, entered) {
    var top = data.decisions[topId];
    var dec = data.decisions[err.decision] || top;
    var field = err.input !== undefined ? (top && top.inputs[err.input]) || (dec && dec.inputs[err.input]) : undefined;
    var label = field ? field.label : '';
    switch (err.code) {
      case 'missing-input':
        return fill(data.words['calc.missing'], { field: label });
      case 'wrong-type':
        return fill(data.words['calc.not-number'], { field: label, example: '' });
      case 'out-of-domain': {
        // An input of a rule this one calls, computed from what the reader entered (a day that must exist in
        // its month): the reader typed no such value, so name the rule and what it needs, and list what they did enter.
        if (err.decision && err.decision !== topId && !(top && err.input in top.inputs)) {
          return fill(data.words['calc.out-of-range-called'], { title: (dec && dec.title) || '', field: label, range: (field && field.range) || '', values: enteredText(entered, top, data) });
        }
        var shown = entered && err.input in entered ? fmt(entered[err.input], field, data) : err.value;
        if (field && field.kind === 'percent' && entered && typeof entered[err.input] === 'string') shown = entered[err.input];
        return fill(data.words['calc.out-of-range'], { field: label, range: (field && field.range) || '', value: shown || '' });
      }
      case 'no-match':
        return fill(data.words['calc.no-match'], { values: enteredText(entered, top, data) });
      case 'no-version':
      case 'no-version-at-date':
        return fill(data.words['calc.no-version'], { date: err.asOf || err.value || '' });
      default:
        return data.words['calc.failed'];
    }
  }

  g.RulebookCalcWords = { fmt: fmt, parseInput: parseInput, explainSteps: explainSteps, versionText: versionText, errorText: errorText };
})(typeof self !== 'undefined' ? self : globalThis);
