/**
 * Reader of DMN TCK test files (`*-test-01.xml`, namespace
 * `http://www.omg.org/spec/DMN/20160719/testcase`): each `testCase` as plain
 * data, values typed by `xsi:type`, so a runner can feed them to an imported
 * model and compare the results.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import { attr, children, parseXml, spanOf, textContent, type XNode } from './xml.js';

/**
 * A TCK value: `xsd:decimal` (and the other numeric XSD types) as an exact
 * decimal string, `xsd:string` as a string, `xsd:boolean` as a boolean,
 * `xsd:date` as `YYYY-MM-DD`, `xsi:nil` as null, lists as arrays, components as objects.
 */
export type JsonLike = string | boolean | null | JsonLike[] | { [key: string]: JsonLike };

/** One `testCase`: inputs and expected results, keyed by the model's original DMN names. */
export interface TckCase {
  id: string;
  description?: string;
  /** `decision` (the default), `bkm` or `decisionService`. */
  type?: string;
  inputs: Record<string, JsonLike>;
  /** `error`: the test expects an error (`errorResult="true"`); FEEL engines give null. */
  results: { decision: string; expected: JsonLike; error?: boolean }[];
}

/** What `readTckTests` gives back. */
export interface TckFile {
  /** The `.dmn` file the cases are for, as the test file names it. */
  modelName?: string;
  cases: TckCase[];
  diagnostics: Diagnostic[];
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const NUMERIC = new Set(['decimal', 'integer', 'int', 'long', 'short', 'double', 'float']);
const TEMPORAL = new Set(['date', 'dateTime', 'time', 'duration', 'dayTimeDuration', 'yearMonthDuration']);

/** Parse one TCK test file. Never throws: malformed XML or unknown values are diagnostics. */
export function readTckTests(text: string, file: string): TckFile {
  const diagnostics: Diagnostic[] = [];
  const parsed = parseXml(text);
  if (!parsed.root) {
    const p = parsed.problem!;
    diagnostics.push({ code: 'dmn-import', severity: 'error', message: `malformed xml: ${p.message.charAt(0).toLowerCase()}${p.message.slice(1)}`, file, line: p.line, column: p.column });
    return { cases: [], diagnostics };
  }
  const root = parsed.root;
  const ns = root.namespaceURI ?? null;
  const problem = (node: XNode, message: string) => diagnostics.push({ code: 'dmn-import', severity: 'error', message, ...spanOf(node, file) });
  if (root.localName !== 'testCases') {
    problem(root, `not a tck test file: root element \`${root.nodeName}\``);
    return { cases: [], diagnostics };
  }
  const modelNode = children(root, 'modelName', ns)[0];
  const cases: TckCase[] = [];
  for (const tc of children(root, 'testCase', ns)) {
    const c: TckCase = { id: attr(tc, 'id') ?? String(cases.length + 1), inputs: {}, results: [] };
    const type = attr(tc, 'type');
    if (type) c.type = type;
    const desc = children(tc, 'description', ns)[0];
    if (desc) c.description = textContent(desc).trim();
    for (const input of children(tc, 'inputNode', ns)) {
      c.inputs[attr(input, 'name') ?? ''] = readValue(input, ns, problem);
    }
    for (const result of children(tc, 'resultNode', ns)) {
      const expected = children(result, 'expected', ns)[0];
      const r: TckCase['results'][number] = { decision: attr(result, 'name') ?? '', expected: expected ? readValue(expected, ns, problem) : null };
      if (attr(result, 'errorResult') === 'true') r.error = true;
      c.results.push(r);
    }
    cases.push(c);
  }
  return { modelName: modelNode ? textContent(modelNode).trim() : undefined, cases, diagnostics };
}

/** The value a holder element (`inputNode`, `expected`, `component`, `item`) carries. */
function readValue(holder: XNode, ns: string | null, problem: (node: XNode, message: string) => void): JsonLike {
  const value = children(holder, 'value', ns)[0];
  if (value) return scalar(value, problem);
  const list = children(holder, 'list', ns)[0];
  if (list) return children(list, 'item', ns).map((item) => readValue(item, ns, problem));
  const components = children(holder, 'component', ns);
  if (components.length > 0) {
    const obj: Record<string, JsonLike> = {};
    for (const comp of components) obj[attr(comp, 'name') ?? ''] = readValue(comp, ns, problem);
    return obj;
  }
  return null;
}

function scalar(value: XNode, problem: (node: XNode, message: string) => void): JsonLike {
  if (value.getAttributeNS?.(XSI, 'nil') === 'true') return null;
  const type = value.getAttributeNS?.(XSI, 'type') ?? '';
  const local = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
  const text = textContent(value);
  if (NUMERIC.has(local)) {
    const t = text.trim();
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) problem(value, `\`${t}\` is not a number`);
    return t;
  }
  if (local === 'boolean') {
    const t = text.trim();
    if (t !== 'true' && t !== 'false' && t !== '1' && t !== '0') problem(value, `\`${t}\` is not a boolean`);
    return t === 'true' || t === '1';
  }
  // Temporal values as their XSD lexical form (`2017-01-01`, `13:20:00Z`, `P1Y2M`), which is FEEL's too.
  if (TEMPORAL.has(local)) return text.trim();
  if (local === 'string' || local === '') return text;
  problem(value, `values of type \`${type}\` are not supported`);
  return text.trim();
}
