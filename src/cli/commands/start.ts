/**
 * `rulebook start` (what `npm start` runs): check, build and serve the
 * handbook, and say where it is. `serve` already refuses to build on check
 * errors and prints the report, so start is serve with a friendlier greeting.
 */
import { t } from '../../diagnostics/catalogue.js';
import '../messages.js';
import type { CommandInput } from '../registry.js';
import { serve } from './serve.js';

export async function run(input: CommandInput): Promise<number> {
  return serve(input, (url) => process.stdout.write(`rulebook: ${t('start.greeting', { url }).message}\n`));
}
