/**
 * Batch input for `rulebook eval --input-file`: records from CSV (with a
 * header row) and JSON lines, read as they stream in, each with the line it
 * starts on, so a bad row is reported by line and the others go on. Memory
 * stays constant: one record at a time.
 */

import { Decimal } from '../runtime/decimal.js';
import type { Decision, Model } from '../model/index.js';
import type { EvalResult } from './types.js';
import { outputsToJson, toJson, type Json } from './serialize.js';
import { t, word } from '../diagnostics/catalogue.js';
import './messages.js';

/** Why a number was refused (see inexactJsonNumber). */
function inexactProblem(n: string): string {
  return t('batch.inexact', { n }).message;
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
    if (cells.length !== header.length) return { line: start, problem: t('batch.csv-fields', { expected: header.length, found: cells.length }).message };
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
        else if (field !== '') bad ??= t('batch.csv-quote').message;
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
  if (quoted) bad = t('batch.csv-unclosed').message;
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
    return { problem: t('batch.not-json', { reason: (e as Error).message }).message };
  }
  const range = outOfRangeJsonNumber(text);
  if (range) return { problem: t(range.under ? 'batch.json-underflow' : 'batch.json-overflow', { n: range.n.length > 40 ? `${range.n.slice(0, 40)}…` : range.n }).message };
  const inexact = inexactJsonNumber(text);
  if (inexact) return { problem: inexactProblem(inexact) };
  const dup = duplicateJsonKey(text);
  return dup !== undefined ? { problem: t('batch.duplicate-key', { key: dup.length > 40 ? `${dup.slice(0, 40)}…` : dup }).message } : { value };
}

/**
 * The first number in a JSON text that a double cannot hold at all: it would
 * become infinite (`1e400`, or 310 digits without an exponent) or 0
 * (`1e-400`, `0.000…1` with 400 zeros), with which way it goes.
 */
function outOfRangeJsonNumber(text: string): { n: string; under: boolean } | undefined {
  // Only an exponent or a long run of digits can leave a double's range.
  if (!/\d[eE]|\d{300}/.test(text)) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      JSON_NUMBER.lastIndex = i;
      const m = JSON_NUMBER.exec(text);
      if (!m) {
        while (i + 1 < text.length && /[\d.+\-eE]/.test(text[i + 1])) i++;
        continue;
      }
      const n = Number(m[0]);
      if (!Number.isFinite(n)) return { n: m[0], under: false };
      if (n === 0 && /[1-9]/.test(m[0].replace(/[eE].*$/, ''))) return { n: m[0], under: true };
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
    else if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) yield { line, problem: t('batch.not-object').message };
    else yield { line, input: r.value as Record<string, unknown> };
  }
}

// ---------------------------------------------------------------- rows out, blocks, shards

/** How each result row is written: the format, explanations, and the columns that pass through. */
export interface RowFormat {
  format: 'json' | 'csv' | 'pretty';
  explain: boolean;
  /** Non-input columns copied to the output (an employee id), in order. */
  pass: string[];
  /** Output names of the decision (the CSV columns). */
  outputs: string[];
  /** `(model, explanation) → text`, for `pretty` with `--explain`. */
  explainText?: (explain: NonNullable<EvalResult['explain']>) => string;
}

/** Column names a pass-through column cannot take in JSON rows: they are the row's own fields. */
export const RESERVED_COLUMNS = new Set(['line', 'output', 'error', 'explain']);

/**
 * One CSV cell. A text a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, tab or CR, as OWASP's CSV-injection guidance lists)
 * gets a leading `'` and quotes; a plain number (`-12.50`) stays a number.
 */
function csvCell(v: Json | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function passValue(v: unknown): Json {
  if (v === undefined) return null;
  return toJson(v);
}

/** The CSV header of a batch: line, the pass-through columns, the outputs, error. */
export function csvHeaderOf(f: RowFormat): string {
  return ['line', ...f.pass, ...f.outputs, 'error'].map((c) => csvCell(c)).join(',') + '\n';
}

/** One result as the text of its output row (a JSON line, a CSV record, or pretty lines). */
export function rowText(model: Model, d: Decision | undefined, r: EvalResult, line: number | undefined, input: Record<string, unknown> | undefined, f: RowFormat): string {
  const o: Record<string, Json> = {};
  if (r.output) o.output = d ? outputsToJson(model, d, r.output) : toJson(r.output);
  if (r.error) o.error = toJson(r.error);
  if (f.explain && r.explain) o.explain = toJson(r.explain);
  if (f.format === 'json') {
    if (line === undefined && f.pass.length === 0) return JSON.stringify(o) + '\n';
    const row: Record<string, Json> = line === undefined ? {} : { line };
    for (const c of f.pass) if (input && c in input) row[c] = passValue(input[c]);
    return JSON.stringify(Object.assign(row, o)) + '\n';
  }
  if (f.format === 'pretty') {
    const pass = f.pass.filter((c) => input && c in input).map((c) => `${c}=${String(input![c])}`);
    const at = (line === undefined ? '' : `line ${line}`) + (pass.length ? ` (${pass.join(', ')})` : '');
    const prefix = at ? `${at}: ` : '';
    const why = r.explain && f.explainText ? f.explainText(r.explain) + '\n' : '';
    if (o.error) {
      const e = o.error as Record<string, Json>;
      // The hint is what tells the reader what to change (for no-version: the dates that work).
      const hint = typeof e.hint === 'string' ? `  = ${word('eval.hint')}: ${e.hint}\n` : '';
      return `${prefix}error ${e.code}: ${e.message}\n${hint}${why}`;
    }
    const out = o.output as Record<string, Json>;
    const body = Object.entries(out).map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
    return `${prefix}${body}\n${why}`;
  }
  const outputs = (o.output ?? {}) as Record<string, Json>;
  const cells: (Json | undefined)[] = [line ?? 1, ...f.pass.map((c) => (input ? passValue(input[c]) : null)), ...f.outputs.map((k) => outputs[k] ?? null), o.error ? (o.error as Record<string, Json>).code : ''];
  return cells.map(csvCell).join(',') + '\n';
}

/** `--shard i/n`: which records a run takes (the i-th of every n, counting from 1), or why the text is not one. */
export function parseShard(text: string): { index: number; count: number } | { problem: string } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return { problem: t('batch.shard-form', { text }).message };
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return { problem: t('batch.shard-range', { text }).message };
  return { index, count };
}

/** Whether the record with 0-based ordinal `k` belongs to the shard. */
function inShard(k: number, shard: { index: number; count: number } | undefined): boolean {
  return !shard || k % shard.count === shard.index - 1;
}

/** A piece of a batch file holding whole records: its text, the line it starts on, and the ordinal of its first record. */
export interface Block {
  seq: number;
  kind: 'csv' | 'jsonl' | 'records';
  text?: string;
  records?: BatchRecord[];
  firstLine: number;
  firstOrdinal: number;
}

/** What a block gives: its rows' text, how many records it held, and whether every row evaluated. */
export interface BlockResult {
  seq: number;
  text: string;
  records: number;
  ok: boolean;
}

/** The records of a block, with their real line numbers (`header` is the CSV header line). */
export async function* blockRecords(b: Block, header: string | undefined): AsyncGenerator<BatchRecord> {
  if (b.kind === 'records') {
    yield* b.records ?? [];
    return;
  }
  const one = (async function* () {
    yield b.kind === 'csv' ? `${header ?? ''}\n${b.text ?? ''}` : (b.text ?? '');
  })();
  if (b.kind === 'csv') {
    for await (const r of csvRecords(one)) yield { ...r, line: r.line - 2 + b.firstLine };
  } else {
    const lines = (async function* () {
      const text = b.text ?? '';
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) {
          if (start < text.length) yield text.slice(start);
          return;
        }
        yield text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
        start = nl + 1;
      }
    })();
    for await (const r of jsonlRecords(lines)) yield { ...r, line: r.line - 1 + b.firstLine };
  }
}

/**
 * Cuts a stream of text into blocks of whole records of about `size`
 * characters. CSV: the first record is the header (given back, not in a
 * block), and a line break inside quotes does not end a record. Each block
 * knows its first line and the ordinal of its first record, so that line
 * numbers and shards come out as in one sequential pass. A blank record
 * (an empty line, or `""` alone) is not a record, as in `csvRecords` and `jsonlRecords`.
 */
export async function* blocksOf(chunks: AsyncIterable<string>, kind: 'csv' | 'jsonl', onHeader: (h: string) => void, size = 256 * 1024): AsyncGenerator<Block> {
  let carry = '';
  let quoted = false;
  let line = 1;
  let ordinal = 0;
  let seq = 0;
  let header = kind === 'jsonl';
  let first = true;
  // The scan state after `carry`: where the current record started and whether it has content.
  let recStart = 0;
  let blockStart = 0;
  let blockLine = 1;
  let blockOrdinal = 0;
  let scanned = 0;
  let lineAtScan = 1;
  const isBlank = (text: string) => {
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    return kind === 'jsonl' ? t.trim() === '' : t === '' || t === '""';
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    carry += chunk;
    let i = scanned;
    line = lineAtScan;
    const n = carry.length;
    for (; i < n; i++) {
      const c = carry.charCodeAt(i);
      if (c === 34 && kind === 'csv') quoted = !quoted;
      else if (c === 10) {
        line++;
        if (quoted) continue;
        const rec = carry.slice(recStart, i);
        if (!header) {
          onHeader(rec.endsWith('\r') ? rec.slice(0, -1) : rec);
          header = true;
          blockStart = i + 1;
          blockLine = line;
          blockOrdinal = ordinal;
        } else if (!isBlank(rec)) ordinal++;
        recStart = i + 1;
        if (recStart - blockStart >= size) {
          yield { seq: seq++, kind, text: carry.slice(blockStart, recStart), firstLine: blockLine, firstOrdinal: blockOrdinal };
          blockStart = recStart;
          blockLine = line;
          blockOrdinal = ordinal;
        }
      }
    }
    // Keep only what is not yet in a block.
    carry = carry.slice(blockStart);
    recStart -= blockStart;
    blockStart = 0;
    scanned = carry.length;
    lineAtScan = line;
  }
  if (!header && carry !== '') {
    onHeader(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
    return;
  }
  if (carry.length > 0) yield { seq: seq++, kind, text: carry, firstLine: blockLine, firstOrdinal: blockOrdinal };
}

/**
 * Evaluates the records of one block in the shard and writes their rows: the
 * same code for a worker thread and for the main thread.
 */
export async function runBlock(b: Block, header: string | undefined, evalRow: (rec: BatchRecord) => { text: string; ok: boolean }, shard?: { index: number; count: number }): Promise<BlockResult> {
  let text = '';
  let ok = true;
  let k = 0;
  for await (const rec of blockRecords(b, header)) {
    if (inShard(b.firstOrdinal + k, shard)) {
      const r = evalRow(rec);
      text += r.text;
      ok = r.ok && ok;
    }
    k++;
  }
  return { seq: b.seq, text, records: k, ok };
}
