/**
 * Generated code is built from fragments, never glued strings: `code`
 * interpolates only other fragments, validated names, and values it escapes
 * itself (as JSON, with `<`, `>`, `/`, U+2028/2029 escaped, so no `</script>`,
 * `*​/` or `${` can end a string or a comment early). As in ajv's `_`.
 */

/** A piece of generated JavaScript. Only `code`, `name` and `lit` make them. */
export class Code {
  /** The text; trusted because every constructor path escapes or validates. */
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined NaN Infinity'.split(' '),
);

/** A JavaScript identifier; throws on anything else (a bug in the generator, never user input). */
export function name(id: string): Code {
  if (!IDENT.test(id) || RESERVED.has(id)) throw new Error(`not a safe identifier: ${JSON.stringify(id)}`);
  return new Code(id);
}

/** A JSON-able value as a JavaScript literal that cannot close a string, comment or script element. */
export function lit(value: unknown): Code {
  const json = JSON.stringify(value) ?? 'undefined';
  return new Code(
    json.replace(/[<>/\u2028\u2029`$*]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')),
  );
}

/** Tagged template: interpolated values must be `Code`, numbers, or arrays of them (joined by nothing). */
export function code(strings: TemplateStringsArray, ...values: (Code | number | boolean | (Code | number)[])[]): Code {
  let out = strings[0];
  values.forEach((v, i) => {
    out += piece(v) + strings[i + 1];
  });
  return new Code(out);
}

function piece(v: Code | number | boolean | (Code | number)[]): string {
  if (v instanceof Code) return v.text;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('non-finite number in generated code');
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(piece).join('');
  throw new Error('only Code can be interpolated into generated code');
}

/** Joins fragments with a separator: a fragment, or a string of spaces, newlines and `,;|&` only. */
export function join(parts: Code[], sep: Code | string = ', '): Code {
  const text = sep instanceof Code ? sep.text : sep;
  if (!(sep instanceof Code) && !/^[\s,;|&]*$/.test(sep)) throw new Error(`unsafe separator ${JSON.stringify(sep)}`);
  return new Code(parts.map((p) => p.text).join(text));
}

/** A comment whose text cannot end the comment or the script. */
export function comment(text: string): Code {
  return new Code('// ' + text.replace(/[\r\n\u2028\u2029]/g, ' ').replace(/<\/?script/gi, '<\\script'));
}
