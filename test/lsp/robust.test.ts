/**
 * Half-typed YAML: every file of the shipped policies cut at random places,
 * with random characters typed in (seeded), sent to the server as an editor
 * would. After each, the server publishes findings for the file and answers
 * hover and completion there (within the test's timeout): no crash, no stall,
 * no internal error logged. `npm run fuzz` does the same 10,000 times.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, startClient, type Client } from './client.js';

const files = readdirSync(join(root, 'policies')).filter((f) => /\.(ya?ml|md)$/.test(f));

describe('half-typed files', () => {
  let c: Client;
  const logged: string[] = [];
  beforeAll(async () => {
    c = await startClient(join(root, 'policies'));
    c.conn.onNotification('window/logMessage', (p: { message: string }) => {
      logged.push(p.message);
    });
    await c.waitFor('awards.md');
    for (const f of files) c.open(f);
  });
  afterAll(() => c.stop());

  it('never crash or stall the server', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 6, unit: fc.constantFrom(':', ' ', '"', "'", '{', '[', '-', '\n', '%', '询', '#', '|') }), async (f, at, typed) => {
        const text = readFileSync(join(root, 'policies', f), 'utf8');
        const cut = Math.floor(at * text.length);
        const half = text.slice(0, cut) + typed;
        const before = c.analyses.length;
        c.change(f, [{ text: half }]);
        const lines = half.split('\n');
        const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
        const doc = { textDocument: { uri: c.uri(f) }, position };
        await c.conn.sendRequest('textDocument/completion', doc);
        await c.conn.sendRequest('textDocument/hover', doc);
        await new Promise<void>((resolve) => {
          const poll = () => (c.analyses.length > before ? resolve() : setTimeout(poll, 5));
          poll();
        });
        expect(c.child.exitCode).toBe(null);
      }),
      { seed: 19, numRuns: 40 },
    );
    expect(logged.filter((m) => /internal error/.test(m))).toEqual([]);
    // Put back, the folder is clean again.
    for (const f of files) c.change(f, [{ text: readFileSync(join(root, 'policies', f), 'utf8') }]);
    await c.waitFor('awards.md', (d) => d.length === 0);
  });
});
