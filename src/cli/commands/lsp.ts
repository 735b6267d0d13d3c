/** `rulebook lsp --stdio`: the language server (src/lsp) over standard input and output. */
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from '../../lsp/server.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  if (input.opts.stdio !== true) {
    process.stderr.write('rulebook lsp: give --stdio (the only transport): editors start `rulebook lsp --stdio`\n');
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
