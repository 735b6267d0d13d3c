/**
 * Document ids name the handbook's pages (`docs/<id>.html`): an id no file
 * system takes is an error at `check`, with its place and a hint, in English
 * and Chinese, so `build` never meets ENAMETOOLONG or a Windows device name.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { parseSource } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';

const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';

/** The check findings on one document with id `id` (written at line 1, column 5). */
function findings(id: string) {
  const doc = parseSource(`id: ${JSON.stringify(id)}\ntitle: X\nversion: 1\n`, 'policies/d.yaml', 'document').document!;
  const built = buildModel([parseSource(CONFIG, 'policies/rulebook.yaml', 'config').document!, doc]);
  return [...built.diagnostics, ...(built.model ? check(built.model) : [])].filter((d) => d.severity === 'error');
}

describe('document ids that cannot name a page', () => {
  it('a reserved device name, with or without extensions, is an error at its place with a hint', () => {
    for (const id of ['con', 'nul', 'aux', 'prn', 'com1', 'com9', 'lpt1', 'lpt9', 'con.html', 'nul.txt', 'aux.rules.v2', 'com3.x']) {
      const got = findings(id);
      expect(got, id).toHaveLength(1);
      expect(got[0]).toMatchObject({ code: 'schema', file: 'policies/d.yaml', line: 1, column: 5 });
      expect(got[0].message, id).toContain('device name');
      expect(got[0].hint, id).toMatch(/choose another id, e\.g\. `[a-z0-9]+-policy/);
    }
    // Upper case cannot get this far: ids are lowercase slugs, refused as such.
    for (const id of ['CON', 'Nul.txt', 'cOm1']) expect(findings(id).map((d) => d.code), id).toEqual(['schema']);
    // Names that only start like one are fine.
    for (const id of ['cons', 'con-policy', 'null', 'com10', 'lpt', 'auxiliary.rules']) expect(findings(id), id).toEqual([]);
  });

  it('a 300-character id is an error naming the limit; 100 characters is fine', () => {
    const got = findings('a'.repeat(300));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ code: 'schema', line: 1, column: 5 });
    expect(got[0].message).toBe('document id is 300 characters long; at most 100 can name its page');
    expect(got[0].hint).toContain('choose a shorter id');
    expect(findings('a'.repeat(100))).toEqual([]);
  });

  it('says why in Chinese too, with no English left in the message', () => {
    setLang('zh');
    try {
      for (const id of ['con.html', 'x.', 'a'.repeat(300)]) {
        const [d] = findings(id);
        expect(d.message, id).toMatch(/文档编号/);
        expect(d.message.replace(/`[^`]*`|Windows/g, ''), id).not.toMatch(/[A-Za-z]{3,}/);
      }
    } finally {
      setLang('en');
    }
  });
});
