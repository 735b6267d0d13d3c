/**
 * Batch eval on worker threads (`--jobs`), shards (`--shard i/n`) and columns
 * that pass through: the same rows, lines and order as one thread, whatever
 * the file holds (quoted line breaks, blank lines, unreadable rows).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockRecords, blocksOf, csvRecords, jsonlRecords, type BatchRecord } from '../../src/evaluate/batch.js';
import { tempDir } from '../temp.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/rulebook.js');
const run = (args: string[]) => spawnSync(process.execPath, [bin, 'eval', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', RULEBOOK_CACHE: '0' } });
const dir = tempDir('rulebook-jobs-');

/** A CSV with an employee column, quoted fields with line breaks, blank lines and bad rows, past one block (256 KiB). */
function bigCsv(rows: number): string {
  let s = '\uFEFFemployee,sales,conversion\n';
  for (let i = 0; i < rows; i++) {
    if (i % 997 === 5) s += '\n';
    if (i % 1013 === 7) s += `"E${i}\nsecond line",100,72%\n`;
    else if (i % 1201 === 9) s += `E${i},not money,72%\n`;
    else if (i % 1409 === 11) s += `E${i},1,2,3\n`;
    else s += `"E""${i}",${(i * 7919) % 1000000}.${String(i % 100).padStart(2, '0')},${(i * 37) % 101}%\r\n`;
  }
  return s;
}

const csv = join(dir, 'in.csv');
writeFileSync(csv, bigCsv(20_000));
const jsonl = join(dir, 'in.jsonl');
writeFileSync(
  jsonl,
  Array.from({ length: 20_000 }, (_, i) => (i % 500 === 3 ? '' : i % 777 === 1 ? '{"sales": 1,' : JSON.stringify({ employee: `E${i}`, sales: i * 3, conversion: `${i % 100}%`, team: i % 7 }))).join('\n') + '\n',
);

describe('eval --jobs', () => {
  it('gives the rows of one thread, in input order, with their lines and the employee column', () => {
    const one = run(['cs.performance_bonus', '--input-file', csv, '--jobs', '1']);
    const three = run(['cs.performance_bonus', '--input-file', csv, '--jobs', '3']);
    expect(one.status).toBe(1);
    expect(three.status).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    const rows = one.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.length).toBe(20_000);
    expect(rows[0]).toEqual({ line: 2, employee: 'E"0', output: { bonus: '0.00' } });
    // The quoted employee id with a line break keeps it, and the next row's line counts it.
    const multi = rows.findIndex((r) => r.employee === 'E7\nsecond line');
    expect(rows[multi].output).toEqual({ bonus: '1.50' });
    expect(rows[multi + 1].line).toBe(rows[multi].line + 2);
    expect(rows.filter((r) => r.error).length).toBeGreaterThan(20);
    for (let i = 1; i < rows.length; i++) expect(rows[i].line).toBeGreaterThan(rows[i - 1].line);
  });

  it('does the same for JSON lines, and as CSV with the pass-through columns in the header', () => {
    const one = run(['cs.performance_bonus', '--input-file', jsonl, '--jobs', '1', '--format', 'csv']);
    const two = run(['cs.performance_bonus', '--input-file', jsonl, '--jobs', '2', '--format', 'csv']);
    expect(two.stdout).toBe(one.stdout);
    const lines = one.stdout.split('\n');
    expect(lines[0]).toBe('line,employee,team,bonus,error');
    expect(lines[1]).toBe('1,E0,0,0.00,');
    expect(lines.filter((l) => l.endsWith(',wrong-type')).length).toBe(26);
  });

  it('--shard i/n takes every n-th record; the shards together are the whole batch, each row once', () => {
    const all = run(['cs.performance_bonus', '--input-file', csv, '--jobs', '2']).stdout.trim().split('\n');
    const parts = [1, 2, 3].map((i) => run(['cs.performance_bonus', '--input-file', csv, '--jobs', String(i), '--shard', `${i}/3`]).stdout.trim().split('\n'));
    parts.forEach((p, i) => expect(p).toEqual(all.filter((_, k) => k % 3 === i)));
    expect(parts.flat().sort()).toEqual([...all].sort());
  });

  it('refuses a bad --jobs or --shard with a usage error', () => {
    for (const args of [['--shard', '0/2'], ['--shard', '3/2'], ['--shard', 'half'], ['--jobs', '0']]) {
      const r = run(['cs.performance_bonus', '--input-file', csv, ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--(shard|jobs)/);
    }
    expect(run(['cs.performance_bonus', '--input', '{"sales": 1, "conversion": "1%"}', '--shard', '1/2']).status).toBe(2);
  });
});

async function collect(it: AsyncIterable<BatchRecord>): Promise<BatchRecord[]> {
  const out: BatchRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

async function* chunksOf(text: string, sizes: number[]) {
  let i = 0;
  let k = 0;
  while (i < text.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]);
    yield text.slice(i, i + n);
    i += n;
  }
}

describe('blocks of a batch file', () => {
  const cell = fc.oneof(fc.constantFrom('', 'a', '"q""uoted"', '"line\nbreak"', '"x,y"', '12.5', '70%'), fc.string({ maxLength: 4 }).map((s) => s.replace(/[",\r\n]/g, '')));
  const line = fc.oneof({ weight: 8, arbitrary: fc.array(cell, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(',')) }, { weight: 1, arbitrary: fc.constantFrom('', '""', '\r', 'bad"quote') });

  it('cut anywhere, give the records, lines and ordinals of one pass (CSV and JSON lines)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 80 }), fc.boolean(), async (lines, sizes, blockSize, crlf) => {
        const text = ['h1,h2', ...lines].join(crlf ? '\r\n' : '\n');
        const whole = await collect(csvRecords(chunksOf(text, [text.length || 1])));
        let header: string | undefined;
        const pieces: BatchRecord[] = [];
        let ordinal = 0;
        for await (const b of blocksOf(chunksOf(text, sizes), 'csv', (h) => (header = h), blockSize)) {
          expect(b.firstOrdinal).toBe(ordinal);
          const rs = await collect(blockRecords(b, header));
          pieces.push(...rs);
          ordinal += rs.length;
        }
        expect(pieces).toEqual(whole);

        const jtext = lines.map((l) => (l.startsWith('"') ? JSON.stringify({ v: l }) : l)).join('\n');
        const jwhole = await collect(jsonlRecords(linesOf(jtext)));
        const jpieces: BatchRecord[] = [];
        for await (const b of blocksOf(chunksOf(jtext, sizes), 'jsonl', () => {}, blockSize)) jpieces.push(...(await collect(blockRecords(b, undefined))));
        expect(jpieces).toEqual(jwhole);
      }),
      { seed: 2020, numRuns: 300 },
    );
  });
});

async function* linesOf(text: string) {
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  for (const l of ls) yield l;
}
