/**
 * The DMN importer speaks the reader's language: a model with several refused
 * features imported under `en` and under `zh` gives the same diagnostics (codes,
 * places, keys) with every message and hint in that language, a reporter can
 * say an English run's diagnostics again in Chinese (`inLanguage`), and no
 * message is written as an English literal in src/dmn (each comes from
 * src/dmn/messages.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueEntries, getLang, setLang, type Lang } from '../../src/diagnostics/catalogue.js';
import { inLanguage } from '../../src/diagnostics/index.js';
import { importDmn } from '../../src/dmn/import.js';

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="m" name="Messages" namespace="urn:m">
  <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <decisionService id="svc" name="Service"/>
  <decision id="d_hit" name="Odd Hit">
    <variable name="Odd Hit" typeRef="string"/>
    <decisionTable hitPolicy="SOMETIMES">
      <input id="c1"><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
      <output id="o1" name="r" typeRef="string"/>
      <rule><inputEntry><text>&lt; 18</text></inputEntry><outputEntry><text>"minor"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="d_null" name="Null Cell">
    <variable name="Null Cell" typeRef="string"/>
    <decisionTable>
      <input id="c2"><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
      <output id="o2" name="r" typeRef="string"/>
      <rule><inputEntry><text>null</text></inputEntry><outputEntry><text>"none"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="d_rel" name="Rel"><variable name="Rel" typeRef="number"/><relation id="rel1"/></decision>
  <decision id="d_call" name="Calls"><variable name="Calls" typeRef="number"/>
    <invocation><literalExpression><text>Nope</text></literalExpression></invocation>
  </decision>
  <decision id="d_unknown" name="Unknown"><variable name="Unknown" typeRef="number"/>
    <literalExpression><text>Age + Missing</text></literalExpression>
  </decision>
  <decision id="d_needs" name="Needs"><variable name="Needs" typeRef="number"/>
    <informationRequirement><requiredDecision href="#d_rel"/></informationRequirement>
    <literalExpression><text>Rel + 1</text></literalExpression>
  </decision>
</definitions>
`;

const was = getLang();
afterEach(() => setLang(was));

function run(text: string, lang: Lang) {
  setLang(lang);
  return importDmn(text, 'messages.dmn').diagnostics;
}

describe('DMN import messages', () => {
  it('are in the run’s language, the same diagnostics in both', () => {
    const en = run(MODEL, 'en');
    const zh = run(MODEL, 'zh');
    // Refused: the hit policy, the null cell, the relation, the invocation, the unknown name,
    // the decision needing a refused one; warned: the decision service.
    expect(en.length).toBeGreaterThanOrEqual(7);
    expect(zh.map((d) => [d.code, d.severity, d.line, d.column, d.key])).toEqual(en.map((d) => [d.code, d.severity, d.line, d.column, d.key]));
    for (const d of en) {
      expect(d.key, d.message).toMatch(/^dmn\./);
      expect(d.message).not.toMatch(CJK);
      if (d.hint) expect(d.hint).not.toMatch(CJK);
    }
    for (const d of zh) {
      expect(d.message, d.message).toMatch(CJK);
      if (d.hint) expect(d.hint, d.hint).toMatch(CJK);
    }
    const said = en.map((d) => d.message);
    expect(said).toContain('decision `Odd Hit` not imported: unknown hit policy `SOMETIMES` (decisionTable)');
    expect(said).toContain('decision `Null Cell` not imported: the cell `null` tests for `null`, which rulebook cells cannot express (inputEntry)');
    expect(said).toContain('decision `Rel` not imported: its logic is a relation, which rulebook cannot express (relation #rel1)');
    expect(said).toContain('decision `Unknown` not imported: `Age + Missing` uses the unknown name `Missing` (literalExpression)');
    expect(said).toContain('decision `Needs` not imported: it requires `Rel`, which was not imported (literalExpression)');
    expect(said).toContain('decisionService `Service` not imported: rulebook has no decision services');
    const zhSaid = zh.map((d) => d.message);
    expect(zhSaid).toContain('decision `Odd Hit` 未导入：未知的命中策略 `SOMETIMES`（decisionTable）');
    expect(zhSaid).toContain('decision `Null Cell` 未导入：单元格 `null` 测试的是 `null`，rulebook 的单元格无法表达（inputEntry）');
  });

  it('are said again in the reader’s language by a reporter', () => {
    const en = run(MODEL, 'en');
    const zh = run(MODEL, 'zh');
    setLang('en');
    const again = inLanguage(en, 'zh');
    expect(again.map((d) => [d.message, d.hint])).toEqual(zh.map((d) => [d.message, d.hint]));
  });

  it('do not change what imports: an untyped output takes its formula’s type under zh as under en', () => {
    const model = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="u" name="U" namespace="urn:u">
  <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <decision id="d" name="Band"><variable name="Band"/>
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <literalExpression><text>Age &gt; 17</text></literalExpression>
  </decision>
</definitions>`;
    for (const lang of ['en', 'zh'] as const) {
      setLang(lang);
      const r = importDmn(model, 'u.dmn');
      expect(r.diagnostics.filter((d) => d.severity === 'error'), lang).toEqual([]);
      const [d] = (r.document?.data as { decisions: { outputs: Record<string, { type: string }> }[] }).decisions;
      expect(Object.values(d.outputs)[0].type, lang).toBe('boolean');
    }
  });

  it('cover a file that is no DMN model, in both languages', () => {
    const cases = ['<definitions', '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>'];
    for (const text of cases) {
      const [en] = run(text, 'en');
      const [zh] = run(text, 'zh');
      expect(en.key).toMatch(/^dmn\./);
      expect(en.message + (en.hint ?? '')).not.toMatch(CJK);
      expect(zh.message).toMatch(CJK);
      expect(zh.hint).toMatch(CJK);
    }
  });
});

/**
 * The text of each string literal given to the calls that make a message (a
 * `Failure`, a warning, a diagnostic, a FEEL problem's `reason`), `${…}` blanked.
 */
function messageLiterals(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:new Failure|\.warn|\.fail|\bdiag|\bnote|new Unsupported)\(|\breason: /g)) {
    let i = m.index + m[0].length;
    let depth = m[0].endsWith('(') ? 1 : 0;
    // Walks the arguments to the closing parenthesis (or, after `reason:`, to the end of the value).
    while (i < source.length) {
      const ch = source[i];
      if (ch === '`' || ch === "'" || ch === '"') {
        let text = '';
        for (i++; i < source.length && source[i] !== ch; i++) {
          if (source[i] === '\\') i++;
          else if (ch === '`' && source.startsWith('${', i)) {
            let d = 0;
            i++; // the `$`
            do {
              if (source[i] === '{') d++;
              else if (source[i] === '}') d--;
              i++;
            } while (d > 0 && i < source.length);
            i--;
            text += ' ';
          } else text += source[i];
        }
        out.push(text);
      } else if (ch === '(' || ch === '{' || ch === '[') depth++;
      else if (ch === ')' || ch === '}' || ch === ']') {
        if (depth === 0) break;
        depth--;
        if (depth === 0 && m[0].endsWith('(')) break;
      } else if ((ch === ',' || ch === ';' || ch === '\n') && depth === 0) break;
      i++;
    }
  }
  return out;
}

describe('src/dmn', () => {
  const dir = join(import.meta.dirname, '../../src/dmn');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'messages.ts');

  it('builds no message from an English literal', () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const text of messageLiterals(readFileSync(join(dir, f), 'utf8'))) {
        // Keys (`dmn.r.cell`), codes and severities are one word; a sentence has spaces between words.
        if (/[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text)) problems.push(`${f}: ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names only catalogue entries that exist, each in both languages', () => {
    const entries = catalogueEntries();
    const missing: string[] = [];
    for (const f of [...files, 'messages.ts']) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(dmn\.[\w.-]+)'/g)) {
        if (f === 'messages.ts' || m[1] === 'dmn.r.enum-') continue;
        if (!entries.has(m[1])) missing.push(`${f}: ${m[1]}`);
      }
    }
    for (const what of ['cell', 'output', 'values']) if (!entries.has(`dmn.r.enum-${what}`)) missing.push(`dmn.r.enum-${what}`);
    expect(missing).toEqual([]);
  });
});
