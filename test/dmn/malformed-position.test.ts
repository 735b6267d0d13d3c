/** A DMN file that is not XML at all gets a diagnostic at a real position (xmldom says line 0). */
import { describe, expect, it } from 'vitest';
import { importDmn } from '../../src/dmn/import.js';

describe('malformed DMN', () => {
  it('never reports line or column 0', () => {
    for (const text of ['id: [\n', '', 'plain text', '<a']) {
      const { diagnostics } = importDmn(text, 'bad.dmn');
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const d of diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
