/**
 * Generated SQL is built from typed fragments, never glued strings (as
 * `src/compile/code.ts` does for JavaScript, after ajv's `_`). A `Sql` is made
 * only here: by `sql` (which interpolates other fragments and nothing else),
 * by `ident` (an identifier, quoted for the dialect), by `str`, `num`, `bool`
 * and `dateLit` (literals, escaped for the dialect), by `keyword` (a fixed word
 * the generator spells, checked against a pattern), and by `comment` (a line
 * comment that no text can end early). An id, label or enum key holding
 * quotes, `;`, `--` or a newline therefore always stays inside its identifier,
 * string or comment.
 */
import { createHash } from 'node:crypto';
import { Decimal } from '../runtime/decimal.js';

export type DialectName = 'duckdb' | 'postgres' | 'spark';

/** A piece of SQL text for one dialect; trusted because every way to make one escapes or validates. */
export class Sql {
  /** @internal use the constructors of this module */
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Tagged template: every interpolated value must itself be a fragment (or a list of them, joined by `, `). */
export function sql(strings: TemplateStringsArray, ...values: (Sql | Sql[])[]): Sql {
  let out = strings[0];
  values.forEach((v, i) => {
    if (Array.isArray(v)) out += list(v).text;
    else if (v instanceof Sql) out += v.text;
    else throw new Error('only SQL fragments can be interpolated into generated SQL');
    out += strings[i + 1];
  });
  return new Sql(out);
}

/** Fragments joined by a separator made of spaces, newlines, commas and the words AND/OR/UNION ALL. */
export function list(parts: Sql[], sep = ', '): Sql {
  if (!/^(?:[\s,]*|\s*(?:AND|OR|UNION ALL|\+)\s*)$/.test(sep)) throw new Error(`unsafe separator ${JSON.stringify(sep)}`);
  return new Sql(parts.map((p) => p.text).join(sep));
}

/** A fixed word or type name the generator spells itself (`DECIMAL(38,2)`, `BOOLEAN`): letters, digits, `_`, spaces, `(`, `)`, `,`, `<`, `>`, `:`. */
export function keyword(word: string): Sql {
  if (!/^[A-Za-z_][A-Za-z0-9_ (),<>:]*$/.test(word)) throw new Error(`not a keyword: ${JSON.stringify(word)}`);
  return new Sql(word);
}

/** Longest identifier each engine keeps whole (PostgreSQL cuts at 63 bytes, silently). */
const MAX_IDENT_BYTES = 63;

/**
 * A quoted identifier. Any text is allowed except NUL (no engine stores it);
 * a name longer than 63 bytes is shortened with a hash of the whole, so two
 * long names never become one.
 */
export function ident(d: DialectName, name: string): Sql {
  if (name.includes('\u0000')) throw new SqlNameError(name);
  let n = name;
  if (Buffer.byteLength(n, 'utf8') > MAX_IDENT_BYTES) {
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
    while (Buffer.byteLength(n, 'utf8') > MAX_IDENT_BYTES - 12) n = n.slice(0, -1);
    n = `${n}__${hash}`;
  }
  return new Sql(d === 'spark' ? '`' + n.replace(/`/g, '``') + '`' : '"' + n.replace(/"/g, '""') + '"');
}

/** A name the generated SQL cannot carry (it holds NUL). */
export class SqlNameError extends Error {
  constructor(readonly value: string) {
    super(`\`${JSON.stringify(name)}\` cannot be written in SQL: it holds a NUL character`);
  }
}

/**
 * A string literal. PostgreSQL (standard_conforming_strings, the default since
 * 9.1) and DuckDB read `'…'` with `''` as the only escape; Spark also reads
 * backslash escapes, so there `\` and `'` are both escaped with a backslash.
 * Line breaks are written as escapes where the dialect has them, so a literal
 * always stays on one line.
 */
export function str(d: DialectName, value: string): Sql {
  if (value.includes('\u0000')) throw new SqlNameError(value);
  if (d === 'spark') {
    return new Sql("'" + value.replace(/[\\'\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\' + c)) + "'");
  }
  return new Sql("'" + value.replace(/'/g, "''") + "'");
}

/** An exact decimal literal typed `DECIMAL(p,s)` (no float ever reads it). */
export function num(d: DialectName, value: Decimal, type: Sql): Sql {
  const text = value.toString();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a plain decimal: ${text}`);
  return d === 'postgres' ? new Sql(`${text}::numeric`) : new Sql(`CAST(${text} AS ${type.text})`);
}

/** `TRUE` / `FALSE`. */
export function bool(value: boolean): Sql {
  return new Sql(value ? 'TRUE' : 'FALSE');
}

/** A date literal (the text is checked to be `YYYY-MM-DD`). */
export function dateLit(iso: string): Sql {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not a date: ${iso}`);
  return new Sql(`DATE '${iso}'`);
}

/** A whole number (a count, a position) the generator computes. */
export function int(n: number | bigint): Sql {
  const text = String(n);
  if (!/^-?\d+$/.test(text)) throw new Error(`not an integer: ${text}`);
  return new Sql(text);
}

/** A line comment; line breaks and other control characters in the text become spaces, so it cannot end early. */
export function comment(text: string): Sql {
  return new Sql('-- ' + text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' '));
}

const OPERATORS = new Set(['<', '<=', '>', '>=', '=', '<>', '+', '-', '*', 'AND', 'OR']);

/** A binary operator from the fixed set the generator uses. */
export function op(o: string): Sql {
  if (!OPERATORS.has(o)) throw new Error(`not an operator: ${JSON.stringify(o)}`);
  return new Sql(o);
}
