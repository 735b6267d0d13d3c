import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffText, sideOf, tokenize } from '../../src/diff/text.js';

describe('diffText', () => {
  it('keeps Latin words and numbers whole, CJK characters single', () => {
    expect(tokenize('转化率70%以上 rate')).toEqual(['转', '化', '率', '70%', '以', '上', ' ', 'rate']);
  });

  it('shows a changed number as one replacement', () => {
    expect(diffText('低于70%的', '低于75%的')).toEqual([
      { op: 'same', text: '低于' },
      { op: 'del', text: '70%' },
      { op: 'ins', text: '75%' },
      { op: 'same', text: '的' },
    ]);
  });

  it('folds a one-character island into the change around it', () => {
    const runs = diffText('甲乙丙', '丁乙戊');
    expect(runs).toEqual([
      { op: 'del', text: '甲乙丙' },
      { op: 'ins', text: '丁乙戊' },
    ]);
  });

  it('each side of the runs gives back its text', () => {
    const text = fc.string({ unit: fc.constantFrom('甲', '乙', '丙', 'a', 'b', '7', '%', ' ', '\n', '。', '👍🏽'), maxLength: 40 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const runs = diffText(a, b);
        expect(sideOf(runs, 'before')).toBe(a);
        expect(sideOf(runs, 'after')).toBe(b);
        if (a === b) expect(runs.every((r) => r.op === 'same')).toBe(true);
      }),
      { seed: 6, numRuns: 300 },
    );
  });
});
