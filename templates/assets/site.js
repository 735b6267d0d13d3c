// Page behaviour: drawers, theme, copy-link anchors, search and calculators.
// Classic scripts only, loaded by <script src>: pages opened from disk
// (file://) refuse module scripts and fetch(), and the CSP forbids inline
// script. Search and calculators load their code and data on first use.
(function () {
  'use strict';
  var doc = document.documentElement;
  var body = document.body;
  var root = new URL(body.getAttribute('data-root') || './', document.baseURI);
  var lang = body.getAttribute('data-lang') || 'zh';
  // The site of this page's language (the English site sits in en/): search hits are relative to it, assets to root.
  var home = new URL(body.getAttribute('data-home') || body.getAttribute('data-root') || './', document.baseURI);
  doc.classList.add('js');

  var loaded = {};
  function load(path) {
    if (!loaded[path]) {
      loaded[path] = new Promise(function (done, fail) {
        var s = document.createElement('script');
        s.src = new URL(path, root).href;
        s.onload = function () { done(); };
        s.onerror = function () { delete loaded[path]; fail(new Error('cannot load ' + path)); };
        document.head.appendChild(s);
      });
    }
    return loaded[path];
  }

  // ---- theme: the reader's choice, kept; else the system's
  var toggle = document.querySelector('.theme-toggle');
  function dark() {
    var t = doc.getAttribute('data-theme');
    return t ? t === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  }
  function showTheme() { if (toggle) toggle.setAttribute('aria-pressed', dark() ? 'true' : 'false'); }
  if (toggle) {
    showTheme();
    toggle.addEventListener('click', function () {
      var next = dark() ? 'light' : 'dark';
      doc.setAttribute('data-theme', next);
      try { localStorage.setItem('rulebook-theme', next); } catch (e) { /* storage off: the choice lasts for this page */ }
      showTheme();
    });
  }

  // ---- drawers: the site menu and the page contents on narrow screens
  var openDrawer = null;
  function setDrawer(btn, open) {
    var panel = document.getElementById(btn.getAttribute('aria-controls'));
    if (!panel) return;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    panel.classList.toggle('open', open);
    body.classList.toggle('drawer-open', open);
    if (open) {
      if (openDrawer && openDrawer !== btn) setDrawer(openDrawer, false);
      openDrawer = btn;
      var first = panel.querySelector('a, button');
      if (first) first.focus();
    } else if (openDrawer === btn) {
      openDrawer = null;
    }
  }
  var drawerButtons = document.querySelectorAll('[data-drawer]');
  Array.prototype.forEach.call(drawerButtons, function (btn) {
    btn.addEventListener('click', function () { setDrawer(btn, btn.getAttribute('aria-expanded') !== 'true'); });
    var panel = document.getElementById(btn.getAttribute('aria-controls'));
    if (panel) panel.addEventListener('click', function (e) { if (e.target.closest('a')) setDrawer(btn, false); });
  });
  var scrim = document.querySelector('.scrim');
  if (scrim) scrim.addEventListener('click', function () { if (openDrawer) setDrawer(openDrawer, false); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && openDrawer) {
      var b = openDrawer;
      setDrawer(b, false);
      b.focus();
    }
  });

  // ---- copy-link anchors
  Array.prototype.forEach.call(document.querySelectorAll('a[data-copy]'), function (a) {
    a.addEventListener('click', function (event) {
      var url = new URL(a.getAttribute('href'), location.href).href;
      if (!navigator.clipboard) return;
      navigator.clipboard.writeText(url).then(function () {
        history.replaceState(null, '', url);
        a.classList.add('copied');
        setTimeout(function () { a.classList.remove('copied'); }, 1500);
      }, function () { /* no clipboard: following the link still puts it in the address bar */ });
    });
  });

  // ---- search
  var input = document.querySelector('.search-input');
  var list = document.querySelector('.search-results');
  if (input && list) setupSearch(input, list);

  function setupSearch(input, list) {
    var index = null;
    var active = -1;
    var pending = null;
    function engine() {
      if (index) return Promise.resolve(index);
      pending = pending || Promise.all([load('assets/search-engine.js'), load('assets/search-index.' + lang + '.js')]).then(function () {
        var T = self.RulebookTokenize;
        index = self.MiniSearch.loadJS(self.RulebookSearchIndex, {
          fields: ['title', 'text', 'doc', 'en'],
          storeFields: ['kind', 'title', 'doc', 'href', 'snip'],
          tokenize: T.tokenize,
          processTerm: function (t) { return t; },
        });
        index.tokenizeQuery = T.tokenizeQuery;
        return index;
      });
      return pending;
    }
    function setActive(i) {
      var items = list.querySelectorAll('a[role="option"]');
      if (!items.length) { active = -1; input.removeAttribute('aria-activedescendant'); return; }
      active = (i + items.length) % items.length;
      Array.prototype.forEach.call(items, function (a, k) { a.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    }
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function marked(el, text, terms) {
      // Highlights every occurrence of the matched words, longest first; text nodes only (no HTML is parsed).
      var lower = text.toLowerCase();
      var at = 0;
      while (at < text.length) {
        var best = -1, len = 0;
        for (var i = 0; i < terms.length; i++) {
          var k = lower.indexOf(terms[i], at);
          if (k >= 0 && (best < 0 || k < best || (k === best && terms[i].length > len))) { best = k; len = terms[i].length; }
        }
        if (best < 0) break;
        if (best > at) el.appendChild(document.createTextNode(text.slice(at, best)));
        var m = document.createElement('mark');
        m.textContent = text.slice(best, best + len);
        el.appendChild(m);
        at = best + len;
      }
      if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
    }
    function snippet(text, terms) {
      var lower = text.toLowerCase();
      var first = -1;
      terms.forEach(function (t) { var k = lower.indexOf(t); if (k >= 0 && (first < 0 || k < first)) first = k; });
      if (first < 0) return text.length > 110 ? text.slice(0, 110) + '…' : text;
      var start = Math.max(0, first - 30);
      var end = Math.min(text.length, first + 80);
      return (start > 0 ? '…' : '') + text.slice(start, end) + (end < text.length ? '…' : '');
    }
    function show() {
      var q = input.value.trim();
      if (!q) { close(); list.replaceChildren(); return; }
      engine().then(function (ms) {
        if (input.value.trim() !== q) return;
        var hits = ms.search(ms.tokenizeQuery(q).join(' '), {
          boost: { title: 3, en: 2, doc: 0.5 },
          prefix: function (t) { return t.length > 2 || /^[a-z]{2}$/.test(t); },
          fuzzy: 0,
          tokenize: function (s) { return s.split(' ').filter(Boolean); },
        }).slice(0, 12);
        list.replaceChildren();
        active = -1;
        if (!hits.length) {
          var li = document.createElement('li');
          li.className = 'empty';
          li.textContent = input.getAttribute('data-no-results');
          list.appendChild(li);
        }
        hits.forEach(function (h, n) {
          var terms = h.terms.map(function (t) { return t.toLowerCase(); }).sort(function (a, b) { return b.length - a.length; });
          var li = document.createElement('li');
          li.setAttribute('role', 'presentation');
          var a = document.createElement('a');
          a.id = 'search-hit-' + n;
          a.setAttribute('role', 'option');
          a.setAttribute('aria-selected', 'false');
          a.href = new URL(h.href, home).href;
          var title = document.createElement('span');
          title.className = 'r-title';
          marked(title, h.title, terms);
          var kind = document.createElement('span');
          kind.className = 'r-kind';
          kind.textContent = (list.getAttribute('data-kind-' + h.kind) || '') + ' · ' + h.doc;
          var text = document.createElement('span');
          text.className = 'r-text';
          marked(text, snippet(h.snip || "", terms), terms);
          a.append(title, kind, text);
          li.appendChild(a);
          list.appendChild(li);
        });
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }, function () {
        list.replaceChildren();
        var li = document.createElement('li');
        li.className = 'empty';
        li.textContent = input.getAttribute('data-offline');
        list.appendChild(li);
        list.hidden = false;
      });
    }
    input.addEventListener('input', show);
    input.addEventListener('focus', function () { engine().catch(function () {}); if (input.value.trim()) show(); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); setActive(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
      else if (e.key === 'Enter') {
        var items = list.querySelectorAll('a[role="option"]');
        var a = items[active >= 0 ? active : 0];
        if (a) { e.preventDefault(); location.href = a.href; }
      } else if (e.key === 'Escape') { close(); input.blur(); }
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
    document.addEventListener('click', function (e) { if (!e.target.closest('.search')) close(); });
  }

  // ---- calculators
  var forms = document.querySelectorAll('.calc-form');
  if (forms.length) setupCalculators(forms);

  function today() {
    var d = new Date();
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
  }

  function setupCalculators(forms) {
    var ready = null;
    function code() {
      ready = ready || Promise.all([load('assets/evaluator.js'), load('assets/calc-words.js'), load('assets/calc-data.' + lang + '.js')]);
      return ready;
    }
    Array.prototype.forEach.call(forms, function (form) {
      var asOf = form.querySelector('input[name="as-of"]');
      if (asOf && !asOf.value) asOf.value = today();
      var details = form.closest('details');
      if (details) details.addEventListener('toggle', function () { if (details.open) code().catch(function () {}); });
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        run(form);
      });
    });
    function run(form) {
      var out = form.querySelector('.calc-result');
      var id = form.getAttribute('data-decision');
      out.replaceChildren();
      Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
      code().then(function () {
        var W = self.RulebookCalcWords;
        var data = self.RulebookCalcData;
        var dec = data.decisions[id];
        var input = {};
        var problem = null;
        var notes = [];
        Object.keys(dec.inputs).forEach(function (name) {
          if (problem) return;
          var f = dec.inputs[name];
          var el = form.elements.namedItem(name);
          if (!el) return;
          if (f.kind === 'boolean') { input[name] = el.checked; return; }
          if (f.kind === 'enum' || f.kind === 'date' || f.kind === 'string') { if (el.value !== '') input[name] = el.value; return; }
          var r = W.parseInput(el.value, f, data, el.getAttribute('data-example'));
          if (r.error) { problem = { text: r.error, el: el }; return; }
          if (r.note) notes.push(r.note);
          if (!r.empty) input[name] = r.value;
        });
        if (problem) return fail(out, problem.text, problem.el);
        var opts = { explain: true };
        var asOf = form.querySelector('input[name="as-of"]');
        if (asOf && asOf.value) opts.asOf = asOf.value;
        var result = self.RulebookEvaluator.evaluate(id, input, opts);
        if (result.error) {
          var err = result.error;
          if (opts.asOf && /^no-version/.test(err.code)) err.asOf = opts.asOf;
          return fail(out, W.errorText(err, data, id, input), err.input && form.elements.namedItem(err.input));
        }
        var box = document.createElement('div');
        box.className = 'ok';
        var head = document.createElement('p');
        head.className = 'calc-answer';
        dec.order.forEach(function (name, i) {
          if (!(name in result.output)) return;
          if (head.childNodes.length) head.append(data.lang === 'zh' ? '，' : ', ');
          head.append(dec.outputs[name].label + ' ');
          var strong = document.createElement('strong');
          strong.textContent = W.fmt(result.output[name], dec.outputs[name], data);
          head.append(strong);
        });
        box.appendChild(head);
        var steps = W.explainSteps(result.explain, data);
        var which = W.versionText(result.explain, data, opts.asOf);
        if (which) steps.push(which);
        if (steps.length) {
          var ol = document.createElement('ol');
          ol.className = 'why';
          steps.forEach(function (s) { var li = document.createElement('li'); li.textContent = s; ol.appendChild(li); });
          box.appendChild(ol);
        }
        notes.forEach(function (n) { var p = document.createElement('p'); p.className = 'calc-note'; p.textContent = n; box.appendChild(p); });
        out.appendChild(box);
      }, function () {
        fail(out, out.getAttribute('data-offline'));
      });
    }
    function fail(out, text, el) {
      var p = document.createElement('p');
      p.className = 'err';
      p.setAttribute('role', 'alert');
      p.textContent = text;
      out.appendChild(p);
      if (el && el.setAttribute) { el.setAttribute('aria-invalid', 'true'); el.focus(); }
    }
  }
})();
