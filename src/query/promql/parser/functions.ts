import type { FunctionSignature, ValueType } from './ast.js';

/**
 * The PromQL function table: every function of Prometheus 3.x (promql/parser/functions.go), plus
 * `holt_winters`, which 3.0 renamed to `double_exponential_smoothing` but 2.x (the Debian
 * package is 2.42) still answers to. `experimental` mirrors Prometheus's flag
 * (--enable-feature=promql-experimental-functions); this parser accepts them all and leaves the
 * policy to its callers. Aggregations (sum, topk, limitk, ...) are operators, not functions.
 */
const V: ValueType = 'vector';
const S: ValueType = 'scalar';
const M: ValueType = 'matrix';
const Str: ValueType = 'string';
const EXPERIMENTAL = true;

type Row = readonly [name: string, argTypes: readonly ValueType[], returnType: ValueType, variadic?: number, experimental?: boolean];

// prettier-ignore
const ROWS: readonly Row[] = [
  ['abs', [V], V],
  ['absent', [V], V],
  ['absent_over_time', [M], V],
  ['acos', [V], V],
  ['acosh', [V], V],
  ['asin', [V], V],
  ['asinh', [V], V],
  ['atan', [V], V],
  ['atanh', [V], V],
  ['avg_over_time', [M], V],
  ['ceil', [V], V],
  ['changes', [M], V],
  ['clamp', [V, S, S], V],
  ['clamp_max', [V, S], V],
  ['clamp_min', [V, S], V],
  ['cos', [V], V],
  ['cosh', [V], V],
  ['count_over_time', [M], V],
  ['day_of_month', [V], V, 1],
  ['day_of_week', [V], V, 1],
  ['day_of_year', [V], V, 1],
  ['days_in_month', [V], V, 1],
  ['deg', [V], V],
  ['delta', [M], V],
  ['deriv', [M], V],
  ['double_exponential_smoothing', [M, S, S], V, 0, EXPERIMENTAL],
  ['end', [], S, 0, EXPERIMENTAL],
  ['exp', [V], V],
  ['first_over_time', [M], V],
  ['floor', [V], V],
  ['histogram_avg', [V], V],
  ['histogram_count', [V], V],
  ['histogram_fraction', [S, S, V], V],
  ['histogram_quantile', [S, V], V],
  ['histogram_quantiles', [V, Str, S, S], V, 9, EXPERIMENTAL],
  ['histogram_stddev', [V], V],
  ['histogram_stdvar', [V], V],
  ['histogram_sum', [V], V],
  ['holt_winters', [M, S, S], V],
  ['hour', [V], V, 1],
  ['idelta', [M], V],
  ['increase', [M], V],
  ['info', [V, V], V, 1, EXPERIMENTAL],
  ['irate', [M], V],
  ['label_join', [V, Str, Str, Str], V, -1],
  ['label_replace', [V, Str, Str, Str, Str], V],
  ['last_over_time', [M], V],
  ['ln', [V], V],
  ['log10', [V], V],
  ['log2', [V], V],
  ['mad_over_time', [M], V, 0, EXPERIMENTAL],
  ['max_of', [S, S], S, 0, EXPERIMENTAL],
  ['max_over_time', [M], V],
  ['min_of', [S, S], S, 0, EXPERIMENTAL],
  ['min_over_time', [M], V],
  ['minute', [V], V, 1],
  ['month', [V], V, 1],
  ['pi', [], S],
  ['predict_linear', [M, S], V],
  ['present_over_time', [M], V],
  ['quantile_over_time', [S, M], V],
  ['rad', [V], V],
  ['range', [], S, 0, EXPERIMENTAL],
  ['rate', [M], V],
  ['resets', [M], V],
  ['round', [V, S], V, 1],
  ['scalar', [V], S],
  ['sgn', [V], V],
  ['sin', [V], V],
  ['sinh', [V], V],
  ['sort', [V], V],
  ['sort_by_label', [V, Str], V, -1, EXPERIMENTAL],
  ['sort_by_label_desc', [V, Str], V, -1, EXPERIMENTAL],
  ['sort_desc', [V], V],
  ['sqrt', [V], V],
  ['start', [], S, 0, EXPERIMENTAL],
  ['start_timestamp', [V], V, 0, EXPERIMENTAL],
  ['stddev_over_time', [M], V],
  ['stdvar_over_time', [M], V],
  ['step', [], S, 0, EXPERIMENTAL],
  ['sum_over_time', [M], V],
  ['tan', [V], V],
  ['tanh', [V], V],
  ['time', [], S],
  ['timestamp', [V], V],
  ['ts_of_first_over_time', [M], V, 0, EXPERIMENTAL],
  ['ts_of_last_over_time', [M], V, 0, EXPERIMENTAL],
  ['ts_of_max_over_time', [M], V, 0, EXPERIMENTAL],
  ['ts_of_min_over_time', [M], V, 0, EXPERIMENTAL],
  ['vector', [S], V],
  ['year', [V], V, 1],
];

const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(
  ROWS.map(([name, argTypes, returnType, variadic = 0, experimental = false]) => [
    name,
    Object.freeze({ name, argTypes: Object.freeze([...argTypes]), variadic, returnType, experimental }),
  ]),
);

/** The signature of a function by its exact (case-sensitive) name, or undefined. */
export function getFunction(name: string): FunctionSignature | undefined {
  return FUNCTIONS.get(name);
}

/** Every function signature, sorted by name (for autocomplete and the engine's coverage test). */
export function listFunctions(): readonly FunctionSignature[] {
  return [...FUNCTIONS.values()];
}
