/**
 * Running the built CLI as a user would, on hostile input: a child process with
 * a time limit and a cap on captured output, so a hang or a flood fails one
 * test instead of the run.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

const BASE_ENV = { NO_COLOR: '1', RULEBOOK_DEBUG: '', GITHUB_ACTIONS: '' };

/**
 * Runs `rulebook <args>` in `cwd` (`env` added to ours); kills it after
 * `timeoutMs` or when it writes more than twice the cap. The run goes to a
 * warm runner process (runner.cjs: the CLI's own `runCli`, in process, with
 * its streams captured), so hundreds of runs do not each start Node and load
 * the bundle; a run that hangs or takes its process down is still seen (the
 * runner is killed or dies, and the next run gets a fresh one). `fresh: true`
 * gives the run a process of its own, for what only a new process shows.
 */
export function rulebook(args: string[], cwd: string, timeoutMs = 30_000, env: NodeJS.ProcessEnv = {}, opts: { fresh?: boolean } = {}): Promise<CliRun> {
  return slot(() => (opts.fresh ? spawnRun(args, cwd, timeoutMs, env) : runnerRun(args, cwd, timeoutMs, env)));
}

function spawnRun(args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, ...BASE_ENV, ...env },
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

/** A warm runner: idle ones wait here; one is made when none is idle. */
const idle: ChildProcess[] = [];
/** Runs a runner serves before it is replaced, so no state builds up in one for long. */
const RUNS_PER_RUNNER = 60;
const served = new WeakMap<ChildProcess, number>();
let nextId = 0;

function runner(): ChildProcess {
  // An idle runner that died meanwhile would never answer: take a live one or make one.
  for (let ready = idle.pop(); ready; ready = idle.pop()) if (ready.connected && ready.exitCode === null && ready.signalCode === null) return ready;
  const child = fork(join(import.meta.dirname, 'runner.cjs'), [], {
    env: { ...process.env, ...BASE_ENV, RULEBOOK_RUNNER_CAP: String(OUTPUT_CAP) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  served.set(child, 0);
  return child;
}

function runnerRun(args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = runner();
    hold(child, true);
    const id = nextId++;
    // What reaches the process's real streams (V8's fatal errors, a native crash) belongs to this run.
    const raw: Buffer[] = [];
    const onRaw = (b: Buffer) => raw.push(b);
    child.stdout!.on('data', onRaw);
    child.stderr!.on('data', onRaw);
    let timedOut = false;
    const finish = (r: CliRun, keep: boolean) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.stdout!.off('data', onRaw);
      child.stderr!.off('data', onRaw);
      const n = (served.get(child) ?? 0) + 1;
      served.set(child, n);
      if (keep && n < RUNS_PER_RUNNER) {
        hold(child, false);
        idle.push(child);
      } else child.kill('SIGKILL');
      resolvePromise(r);
    };
    const onMessage = (m: { id: number; code: number; stdout: string; stderr: string; bytes: number }) => {
      if (m.id !== id) return;
      const extra = Buffer.concat(raw).toString('utf8');
      finish({ code: m.code, signal: null, stdout: m.stdout, stderr: m.stderr + extra, timedOut: false, bytes: m.bytes + Buffer.byteLength(extra) }, true);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      const extra = Buffer.concat(raw).toString('utf8');
      finish({ code: timedOut ? null : code, signal: timedOut ? 'SIGKILL' : signal, stdout: '', stderr: extra, timedOut, bytes: Buffer.byteLength(extra) }, false);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
    try {
      child.send({ id, args, cwd, env: { ...BASE_ENV, ...env } });
    } catch {
      // The channel closed under us: the run never started; its exit says so (now, if it is already over).
      if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
      else child.kill('SIGKILL');
    }
  });
}

/** Whether a runner keeps the test process alive: while it runs a case, not while it waits for one. */
function hold(child: ChildProcess, busy: boolean): void {
  for (const h of [child, child.channel, child.stdout, child.stderr] as ({ ref(): void; unref(): void } | null | undefined)[]) {
    if (busy) h?.ref();
    else h?.unref();
  }
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
