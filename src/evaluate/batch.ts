/**
 * Batch input for `rulebook eval --input-file`: records from CSV (with a
 * header row) and JSON lines, read as they stream in, each with the line it
 * starts on, so a bad row is reported by line and the others go on. Memory
 * stays constant: one record at a time.
 */

import { Decimal } from '../runtime/decimal.js';

/** Why a number was refused (see inexactJsonNumber). */
function inexactProblem(n: string): string {
  return `\`${n}\` has more digits than a JSON number holds exactly; write it as a string: "${n}"`;
}

/** One input record, or why its line could not be read. */
export interface BatchRecord {
  line: number;
  input?: Record<string, unknown>;
  problem?: string;
}

/**
 * CSV (RFC 4180: `"` quotes, `""` escapes, quoted fields may span lines,
 * CRLF or LF) → records keyed by the header row. Empty cells are left out
 * (a missing input), so a CSV can leave an input blank.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<BatchRecord> {
  let header: string[] | undefined;
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let rowLine = 1;
  let bad: string | undefined;
  let first = true;
  const finish = (): BatchRecord | undefined => {
    row.push(field);
    field = '';
    const cells = row;
    row = [];
    const start = rowLine;
    rowLine = line;
    if (cells.length === 1 && cells[0] === '' && !bad) return undefined;
    if (!header) {
      header = cells.map((h) => h.trim());
      return undefined;
    }
    if (bad) {
      const problem = bad;
      bad = undefined;
      return { line: start, problem };
    }
    if (cells.length !== header.length) return { line: start, problem: `expected ${header.length} fields, found ${cells.length}` };
    const input: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (cells[i] !== '') input[h] = cells[i];
    });
    return { line: start, input };
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const ch = chunk[i];
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          afterQuote = true;
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        i++;
        continue;
      }
      if (ch === '"') {
        if (afterQuote) field += '"';
        else if (field !== '') bad ??= 'a quote inside an unquoted field';
        quoted = true;
        afterQuote = false;
        i++;
        continue;
      }
      afterQuote = false;
      if (ch === ',') {
        row.push(field);
        field = '';
      } else if (ch === '\n') {
        line++;
        if (field.endsWith('\r')) field = field.slice(0, -1);
        const rec = finish();
        if (rec) yield rec;
      } else {
        // Copy the run of plain characters at once: most of a CSV is these.
        let j = i + 1;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === 44 || c === 10 || c === 34) break;
          j++;
        }
        field += chunk.slice(i, j);
        i = j;
        continue;
      }
      i++;
    }
  }
  if (quoted) bad = 'a quoted field is not closed';
  if (field !== '' || row.length > 0 || bad) {
    if (field.endsWith('\r')) field = field.slice(0, -1);
    const rec = finish();
    if (rec) yield rec;
  }
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LONG_NUMBER = /\d[\d.]{15}/;

/**
 * The first number in a JSON text that a JSON number (a double) cannot carry
 * exactly, such as `12345678901234567890.12`: parsed, it would silently become
 * another amount. Money is exact, so such a number must come as a string.
 */
export function inexactJsonNumber(text: string): string | undefined {
  // Up to 15 significant digits a double's shortest form gives the number back: most rows stop here.
  if (!LONG_NUMBER.test(text)) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      JSON_NUMBER.lastIndex = i;
      const m = JSON_NUMBER.exec(text);
      if (!m) continue;
      const exact = Decimal.parse(m[0]);
      const n = Number(m[0]);
      if (exact && Number.isFinite(n) && !exact.eq(Decimal.fromNumber(n))) return m[0];
      i += m[0].length - 1;
    }
  }
  return undefined;
}

/** A JSON text read exactly: its value, or why not (not JSON, a number a double would change or lose, a duplicate key). */
export function readJson(text: string): { value: unknown } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `not JSON: ${(e as Error).message}` };
  }
  const range = outOfRangeJsonNumber(text);
  if (range) return { problem: `\`${range.length > 40 ? `${range.slice(0, 40)}…` : range}\` is beyond what a JSON number holds (it would become ${/^-?[\d.]+[eE]-/.test(range) ? '0' : 'infinite'}); write it as a string` };
  const inexact = inexactJsonNumber(text);
  if (inexact) return { problem: inexactProblem(inexact) };
  const dup = duplicateJsonKey(text);
  return dup !== undefined ? { problem: `duplicate key \`${dup.length > 40 ? `${dup.slice(0, 40)}…` : dup}\` (JSON would keep only the last); give each key once` } : { value };
}

const EXPONENT = /-?(?:0|[1-9]\d*)(?:\.\d+)?[eE][+-]?\d+/y;

/**
 * The first number with an exponent that a double turns into 0 or infinity
 * though it is neither (`1e-400`, `1e400`): silently 0 would be a wrong
 * amount, like the overflow JSON.parse gives as Infinity.
 */
export function outOfRangeJsonNumber(text: string): string | undefined {
  if (!/\d[eE]/.test(text)) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      EXPONENT.lastIndex = i;
      const m = EXPONENT.exec(text);
      if (!m) {
        while (i + 1 < text.length && /[\d.+\-eE]/.test(text[i + 1])) i++;
        continue;
      }
      const n = Number(m[0]);
      const mantissaZero = /^-?0(?:\.0+)?[eE]/.test(m[0]);
      if (!Number.isFinite(n) || (n === 0 && !mantissaZero)) return m[0];
      i += m[0].length - 1;
    }
  }
  return undefined;
}

/** The first key given twice in one JSON object (compared as decoded strings), for text JSON.parse accepted. */
export function duplicateJsonKey(text: string): string | undefined {
  // Each open container: the keys of an object, or null for an array.
  const stack: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) stack.push(new Set());
    else if (c === 91) stack.push(null);
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 34) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      const keys = stack[stack.length - 1];
      if (!keys) continue;
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text[j] !== ':') continue;
      const raw = text.slice(start, i + 1);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (keys.has(key)) return key;
      keys.add(key);
    }
  }
  return undefined;
}

/** JSON lines → records; blank lines are skipped, a line that is not a JSON object is a problem. */
export async function* jsonlRecords(lines: AsyncIterable<string>): AsyncGenerator<BatchRecord> {
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    const r = readJson(text);
    if ('problem' in r) yield { line, problem: r.problem };
    else if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) yield { line, problem: 'not a JSON object' };
    else yield { line, input: r.value as Record<string, unknown> };
  }
}
