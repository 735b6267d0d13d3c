/**
 * The `rulebook` command line. Thin on purpose: it declares commands and
 * options, and each command's module is imported only when that command runs,
 * so `rulebook check` never pays for the handbook renderer.
 */
import { setLang, t } from '../diagnostics/catalogue.js';
import './messages.js';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { toolVersion } from './version.js';
import { COMMANDS } from './registry.js';

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Each run starts in English until its command reads --lang or the config, also when one process runs several.
  setLang('en');
  const program = new Command('rulebook')
    .description('company policies as code: check, test, build, evaluate and diff HR rules written in YAML and Markdown')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run `rulebook --help` for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  let exitCode = 0;
  for (const spec of COMMANDS) {
    const cmd = program.command(spec.usage).description(spec.description);
    for (const o of spec.options ?? []) {
      const opt = new Option(o.flags, o.description);
      if (o.choices) opt.choices(o.choices);
      if (o.default !== undefined) opt.default(o.default);
      if (o.count)
        opt.argParser((v) => {
          if (!/^\d+$/.test(v)) throw new InvalidArgumentError('give a whole number from 0 up.');
          return Number(v);
        });
      cmd.addOption(opt);
    }
    cmd.exitOverride();
    cmd.action(async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const positionals = args.slice(0, -2) as (string | string[] | undefined)[];
      const mod = await spec.load();
      exitCode = await mod.run({ args: positionals, opts: command.opts() });
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end in an "error" too; they are successes.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    throw e;
  }
}

/** Runs the CLI as a process: sets the exit code; an internal error is one plain line, not a stack trace. */
export async function runCli(argv: string[]): Promise<void> {
  // The reader of our output went away (`rulebook eval … | head`): stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    // A write the user can fix that a command let through (src/cli/write.ts): said as it is, exit 2. By name, so
    // this file need not load the writer.
    if ((e as Error)?.name === 'WriteError') {
      process.stderr.write(`rulebook: ${(e as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    // A bug of ours, not the user's: say so plainly; the stack only when asked.
    process.stderr.write(`rulebook: ${t('cli.internal-error', { reason: (e as Error)?.message ?? String(e) }).message}\n`);
    if (process.env.RULEBOOK_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    process.stderr.write(`${t('cli.internal-error-report').message}\n`);
    process.exitCode = 2;
  }
}
