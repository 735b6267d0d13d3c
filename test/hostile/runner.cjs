// A long-lived process that runs the built CLI's `runCli` once per request, in
// process, with its output captured: what `node bin/rulebook.js <args>` does,
// minus starting Node and loading the 3 MB bundle each time (most of a small
// case's cost). The parent (cli.ts) still kills it on a time limit and sees a
// crash that takes the process down (heap, a signal), so nothing a child
// process proves is lost.
//
// A request is { id, args, cwd, env }; the answer is { id, code, stdout, stderr, bytes }.
'use strict';
const { join } = require('node:path');

const { runCli } = require(join(__dirname, '../../dist/cli/main.cjs'));
const CAP = Number(process.env.RULEBOOK_RUNNER_CAP);

let out = [];
let err = [];
let bytes = 0;
const take = (into) => (chunk, encoding, cb) => {
  const b = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk);
  bytes += b.length;
  if (bytes <= CAP) into.push(b);
  const done = typeof encoding === 'function' ? encoding : cb;
  if (typeof done === 'function') process.nextTick(done);
  return true;
};
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);

let queue = Promise.resolve();
process.on('message', (req) => {
  queue = queue.then(() => serve(req));
});
// The parent went away (its test file ended): so does this.
process.on('disconnect', () => process.exit(0));

async function serve({ id, args, cwd, env }) {
  const home = process.cwd();
  const saved = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const listeners = process.stdout.listeners('error');
  out = [];
  err = [];
  bytes = 0;
  process.exitCode = undefined;
  process.stdout.write = take(out);
  process.stderr.write = take(err);
  try {
    process.chdir(cwd);
    await runCli(args);
  } catch (e) {
    // Not the CLI's failure (a folder that is gone): said like one, so the test shows it.
    err.push(Buffer.from(`runner: ${e && e.message}\n`));
    process.exitCode = 2;
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    process.chdir(home);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    // runCli adds an EPIPE handler per run: keep one run's, not hundreds.
    for (const l of process.stdout.listeners('error')) if (!listeners.includes(l)) process.stdout.off('error', l);
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  process.send({ id, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), bytes });
}
