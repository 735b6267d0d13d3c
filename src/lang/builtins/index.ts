/**
 * The built-in functions of formulas, in the order docs/format.md lists them.
 * Each lives in its own module (name, FEEL name, arity, type rule, the one
 * implementation both evaluators run, doc line); this list is what the parser,
 * the type checker, the interpreter, the generated runtime (embedded by
 * src/compile/embed.mjs), the DMN importer and exporter and the docs read.
 * Adding a built-in is one new module and one entry here.
 */
import type { Builtin } from './kit.js';
import { fnMin, fnMax } from './min-max.js';
import { fnSum } from './sum.js';
import { fnMean } from './mean.js';
import { fnCount } from './count.js';
import { fnAbs, fnFloor, fnCeiling } from './rounding.js';
import { fnRound } from './round.js';
import { fnDate } from './date.js';
import { fnDuration, fnTime, fnDateAndTime, fnYearsAndMonthsDuration } from './temporal.js';
import { fnDayOfYear, fnDayOfWeek, fnMonthOfYear, fnWeekOfYear } from './date-parts.js';
import { fnStringLength } from './string-length.js';
import { fnSubstring } from './substring.js';
import { fnUpperCase, fnLowerCase } from './text-case.js';
import { fnContains, fnStartsWith, fnEndsWith } from './text-match.js';
import { fnListContains } from './list-contains.js';
import { fnDecimal, fnRoundUp, fnRoundDown, fnRoundHalfUp, fnRoundHalfDown } from './scale-rounding.js';
import { fnModulo, fnOdd, fnEven, fnProduct, fnMedian } from './number-tests.js';
import { fnAll, fnAny } from './logic-lists.js';
import { fnSubstringBefore, fnSubstringAfter, fnStringJoin } from './text-parts.js';
import { fnMatches, fnReplace } from './regex.js';
import { fnString, fnNumber } from './conversions.js';
import { fnSqrt, fnStddev } from './sqrt.js';
import { fnExp, fnLog } from './exp-log.js';

export type { Builtin, RunKit, TypeKit, TypeT } from './kit.js';

/** Every built-in, in documentation order. */
export const BUILTIN_LIST: readonly Builtin[] = [
  fnMin,
  fnMax,
  fnSum,
  fnMean,
  fnCount,
  fnAbs,
  fnFloor,
  fnCeiling,
  fnRound,
  fnDecimal,
  fnRoundUp,
  fnRoundDown,
  fnRoundHalfUp,
  fnRoundHalfDown,
  fnModulo,
  fnOdd,
  fnEven,
  fnProduct,
  fnMedian,
  fnSqrt,
  fnExp,
  fnLog,
  fnStddev,
  fnAll,
  fnAny,
  fnDate,
  fnDayOfYear,
  fnDayOfWeek,
  fnMonthOfYear,
  fnWeekOfYear,
  fnDateAndTime,
  fnTime,
  fnDuration,
  fnYearsAndMonthsDuration,
  fnStringLength,
  fnSubstring,
  fnUpperCase,
  fnLowerCase,
  fnContains,
  fnStartsWith,
  fnEndsWith,
  fnSubstringBefore,
  fnSubstringAfter,
  fnStringJoin,
  fnMatches,
  fnReplace,
  fnString,
  fnNumber,
  fnListContains,
];

/** Built-ins by the name formulas call them by. */
export const BUILTIN_BY_NAME: ReadonlyMap<string, Builtin> = new Map(BUILTIN_LIST.map((b) => [b.name, b]));

/** Built-ins by FEEL name (`string length`), for the DMN importer. */
export const BUILTIN_BY_FEEL: ReadonlyMap<string, Builtin> = new Map(BUILTIN_LIST.map((b) => [b.feel, b]));
