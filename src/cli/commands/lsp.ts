/** `rulebook lsp --stdio`: the language server (src/lsp) over standard input and output. */
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { t } from '../../diagnostics/catalogue.js';
import '../../lsp/messages.js';
import { startServer } from '../../lsp/server.js';
import { chooseLang, policyDir } from '../common.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  if (input.opts.stdio !== true) {
    chooseLang(input, policyDir(input));
    process.stderr.write(`${t('lsp.no-stdio').message}\n`);
    return 2;
  }
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  startServer(connection, {});
  connection.listen();
  // Runs until the client sends `exit` (the connection ends the process) or closes the pipe.
  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(0));
    process.stdin.on('end', () => resolve(0));
  });
}
