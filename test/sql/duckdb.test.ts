// The generated DuckDB macros (embedded @duckdb/node-api) against the interpreter: see suite.ts.
import { differential } from './suite.js';
import { duckdb } from './engines.js';

differential('DuckDB', (script) => duckdb(script));
