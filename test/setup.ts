/**
 * Runs before each test file. The message language is process-wide (a CLI run
 * sets it once); test files that share a worker must each start in English.
 */
import { setLang } from '../src/diagnostics/catalogue.js';

setLang('en');
