/**
 * The expression layer: cells (unary tests), formulas, their types with units,
 * and printing back in the author's units. Every parser here is total: it
 * returns errors, it never throws.
 */
export { parseUnaryTest, matchesUnary, MAX_UNARY_DEPTH, type SpanAt } from './unary.js';
export { parseExpr, BUILTINS, KEYWORDS, MAX_EXPR_DEPTH } from './expr.js';
export type { LangError } from './lexer.js';
export { typeOf, checkLiteralAgainst, checkUnaryAgainst, type TypeEnv, type TypeProblem } from './types.js';
export { currencySymbol, formatValue, formatLiteral, formatUnaryTest, formatExpr, formatPercent, quote, isPlainName } from './format.js';
export { suggest, editDistance } from './suggest.js';
export { compareValues, valuesEqual } from './values.js';
