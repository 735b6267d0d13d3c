// Calculators: each form evaluates its decision in the browser with the compiled evaluator
// (the same module as dist/evaluator/), then shows the result and why.

function fmtMoney(s, symbol) {
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.');
  const body = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac && !/^0+$/.test(frac) ? '.' + frac.padEnd(2, '0') : '');
  return (neg ? '-' : '') + symbol + body;
}

function fmtPercent(s) {
  // Exact decimal string × 100, without floating point.
  const neg = s.startsWith('-');
  let [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  frac = frac.padEnd(2, '0');
  const whole = (int + frac.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return (neg ? '-' : '') + whole + (rest ? '.' + rest : '') + '%';
}

function show(value, out, meta) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map((v) => show(v, out, meta)).join('，');
  if (typeof value === 'boolean') return value ? meta.words.yes : meta.words.no;
  const s = typeof value === 'object' && typeof value.toString === 'function' ? value.toString() : String(value);
  if (out.kind === 'money') return fmtMoney(s, meta.symbol);
  if (out.kind === 'percent') return fmtPercent(s);
  if (out.kind === 'enum') return out.values[s] ?? s;
  return s;
}

function readInput(form, meta) {
  const input = {};
  for (const f of meta.inputs) {
    const el = form.elements.namedItem(f.name);
    if (!el) continue;
    if (f.kind === 'boolean') { input[f.name] = el.checked; continue; }
    const v = el.value.trim().replace(/[,，¥$€\s]/g, '').replace(/％/g, '%');
    if (v === '') continue;
    if (f.kind === 'percent') input[f.name] = v.endsWith('%') ? v : v + '%';
    else input[f.name] = v;
  }
  return input;
}

/** Why: the rows that fired and the formulas, then the same for every decision a formula called. */
function explainText(explain, depth = 0, meta) {
  if (!explain || depth > 8) return '';
  const parts = [];
  const who = depth > 0 ? `${explain.title ?? explain.decision}：` : '';
  for (const row of explain.rows ?? []) parts.push(who + (row.note ? `#${row.index + 1}（${row.note}）` : `#${row.index + 1}`));
  for (const f of explain.formulas ?? []) parts.push(`${who}${f.output} = ${f.source}`);
  // The general rule answered with one of its exceptions: name it and say why.
  if (explain.exception) parts.push(`${meta.words.exception}：${explain.exception.title ?? explain.exception.decision}` + (explainText(explain.exception, depth + 1, meta) ? `（${explainText(explain.exception, depth + 1, meta)}）` : ''));
  for (const c of explain.calls ?? []) {
    const inner = explainText(c, depth + 1, meta);
    if (inner) parts.push(inner);
  }
  return parts.join('；');
}

export async function setup(root) {
  let mod = null;
  const load = async () => (mod ??= await import(new URL('assets/evaluator.js', root).href));
  for (const form of document.querySelectorAll('.calc-form')) {
    const meta = JSON.parse(form.dataset.meta);
    const out = form.querySelector('.calc-result');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      out.replaceChildren();
      let ev;
      try { ev = await load(); } catch {
        out.textContent = meta.words.offline;
        return;
      }
      const asOf = form.elements.namedItem('as-of')?.value;
      const result = ev.evaluate(meta.id, readInput(form, meta), asOf ? { explain: true, asOf } : { explain: true });
      if (result.error) {
        const span = document.createElement('span');
        span.className = 'err';
        span.textContent = `${meta.words.error}：${result.error.message}`;
        out.append(span);
        return;
      }
      const box = document.createElement('span');
      box.className = 'ok';
      meta.outputs.forEach((o, i) => {
        if (!(o.name in result.output)) return;
        if (i) box.append('，');
        box.append(`${o.label} `);
        const strong = document.createElement('strong');
        strong.textContent = show(result.output[o.name], o, meta);
        box.append(strong);
      });
      const why = explainText(result.explain, 0, meta);
      if (why) {
        const s = document.createElement('span');
        s.className = 'why';
        s.textContent = why;
        box.append(s);
      }
      out.append(box);
    });
  }
}
