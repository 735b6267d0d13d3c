import { readFileSync } from 'node:fs';

/** The tool's version, from package.json (two levels above both src/cli and dist/cli). */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
