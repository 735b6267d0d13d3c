// esbuild plugins shared by the CLI build and the benchmarks (which must measure what the CLI runs).
import { readFileSync } from 'node:fs';

/**
 * yaml's parser reads `process.env.LOG_TOKENS` (a debugging switch) once per token;
 * on Node an environment lookup goes through C++, which costs about a quarter of
 * parsing a large file. The bundle compiles the switch out.
 */
export const yamlWithoutTokenLog = {
  name: 'yaml-without-token-log',
  setup(b) {
    b.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const out = src.replace('node_process.env.LOG_TOKENS', 'false');
      if (out === src) console.warn('warning: yaml parser changed; its token-log switch was not found');
      return { contents: out, loader: 'js' };
    });
  },
};
