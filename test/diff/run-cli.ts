/** Runs the CLI in-process in another directory, capturing what it prints (shared by the diff, init and fmt tests). */
import { main } from '../../src/cli/main.js';

/** Runs the CLI in `cwd`, returning stdout and the exit code. */
export async function runIn(cwd: string, argv: string[]): Promise<{ out: string; err: string; code: number }> {
  const before = process.cwd();
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  let out = '';
  let err = '';
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    process.chdir(cwd);
    const code = await main(argv);
    return { out, err, code };
  } finally {
    process.chdir(before);
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

