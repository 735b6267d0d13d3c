/**
 * Running the built CLI as a user would, on hostile input: a child process with
 * a time limit and a cap on captured output, so a hang or a flood fails one
 * test instead of the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/rulebook.js');

/** What a run gave: exit code or signal, output (capped), whether it was killed for time or size. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Total bytes written to stdout + stderr, including what the cap dropped. */
  bytes: number;
}

/** Output beyond this is a failure in itself (a hostile file must not echo itself back). */
export const OUTPUT_CAP = 2 * 1024 * 1024;

/** At most this many runs at once: a 2-core machine thrashes beyond it and time limits start to bite. */
const SLOTS = 3;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= SLOTS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `rulebook <args>` in `cwd` (`env` added to ours); kills it after `timeoutMs` or when it writes more than twice the cap. */
export function rulebook(args: string[], cwd: string, timeoutMs = 30_000, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return slot(() => spawnRun(args, cwd, timeoutMs, env));
}

function spawnRun(args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', RULEBOOK_DEBUG: '', GITHUB_ACTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let timedOut = false;
    const take = (into: Buffer[]) => (b: Buffer) => {
      bytes += b.length;
      if (bytes <= OUTPUT_CAP) into.push(b);
      else if (bytes > 2 * OUTPUT_CAP) child.kill('SIGKILL');
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        bytes,
      });
    });
  });
}

let commands: Set<string> | undefined;

/** The commands the built CLI offers now (others are being added while this suite grows). */
export function availableCommands(): Set<string> {
  if (!commands) {
    const r = spawnSync(process.execPath, [bin, '--help'], { cwd: root, encoding: 'utf8' });
    const section = r.stdout.split(/^Commands:$/m)[1] ?? '';
    commands = new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((c) => c !== 'help'));
  }
  return commands;
}

/** Whether `rulebook <name>` exists in the current build. */
export function commandExists(name: string): boolean {
  return availableCommands().has(name);
}

/** The options a command accepts, read from its `--help` (flags differ while commands land). */
export function commandHelp(name: string): string {
  return spawnSync(process.execPath, [bin, name, '--help'], { cwd: root, encoding: 'utf8' }).stdout;
}

/** Failure signs that must never reach a user, whatever the input. */
export function crashSigns(r: CliRun): string[] {
  const text = r.stdout + r.stderr;
  const signs: string[] = [];
  if (r.timedOut) signs.push('timed out');
  if (r.signal) signs.push(`killed by ${r.signal}`);
  if (r.bytes > OUTPUT_CAP) signs.push(`wrote ${r.bytes} bytes`);
  if (/\n\s+at /.test(text)) signs.push('stack trace');
  if (/internal error/i.test(text)) signs.push('internal error');
  if (/FATAL ERROR|Maximum call stack|heap out of memory|RangeError|TypeError|ReferenceError/.test(text)) signs.push('JS error text');
  return signs;
}
