import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The tool's version, from package.json (two levels above both src/cli and dist/cli). */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The version plus the identity of the code running (size and time of the
 * bundle, or of this module from sources): a rebuild without a version bump,
 * as in development, is another tool for the parse cache.
 */
export function toolBuild(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${toolVersion()}+${st.size}.${Math.trunc(st.mtimeMs)}`;
  } catch {
    return toolVersion();
  }
}
