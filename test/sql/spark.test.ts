// The generated Spark SQL functions against the interpreter (see suite.ts), in
// local mode through pyspark. Where pyspark cannot be imported (no PyPI on this
// machine), every case is skipped with the reason; .ci/run installs
// default-jre-headless and pyspark so that CI runs it.
import { differential } from './suite.js';
import { spark } from './engines.js';

differential('Spark', (script) => spark(script));
