/**
 * Turns the list parameters of `GET /rest/<collection>` (`q`, `h`, `filter`, `sort`, `dir`, `skip`, `max`,
 * `metafields`, `totals`) into a {@link ListPlan}, refusing malformed input with a {@link QueryError}.
 * Hints in `h` override `sort`/`dir`, `skip` and `max`, as restdb documents.
 */
import { compileQuery, type Predicate } from './query';
import { QueryError } from './query-error';
import { depthOf } from './values';

/** One sort key. */
export interface SortKey {
  field: string;
  dir: 1 | -1;
}

/** A `$fields` projection: keep only `fields`, or drop them; `_id` is kept unless listed with 0. */
export interface Projection {
  mode: 'include' | 'exclude';
  fields: string[];
  keepId: boolean;
}

/** Everything a list request asks for, validated. */
export interface ListPlan {
  predicate: Predicate;
  filter: string | undefined;
  sort: SortKey[];
  skip: number;
  max: number;
  projection: Projection | undefined;
  metafields: boolean;
  totals: boolean;
}

/** Page size when neither `max` nor `$max` is given (restdb's documented cap). */
export const DEFAULT_MAX = 1000;

/** Deepest `q`/`h` accepted (MongoDB's nesting limit). */
export const MAX_QUERY_DEPTH = 100;

const KNOWN_HINTS = new Set(['$fields', '$orderby', '$max', '$skip']);
const UNSUPPORTED = ['groupby', 'aggregate'];

function parseJsonParam(params: URLSearchParams, name: string): unknown {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch (error) {
    throw new QueryError(`Malformed JSON in ${name}: ${(error as Error).message}`);
  }
  if (depthOf(value) > MAX_QUERY_DEPTH) throw new QueryError(`${name} is nested deeper than ${MAX_QUERY_DEPTH} levels`);
  return value;
}

function nonNegativeInt(value: unknown, name: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new QueryError(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Reads a `true`/`false` flag parameter (absent = false). @throws QueryError for any other value. */
export function booleanParam(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  if (raw === null || raw === 'false' || raw === '0') return false;
  if (raw === '' || raw === 'true' || raw === '1') return true;
  throw new QueryError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

function direction(value: unknown, name: string): 1 | -1 {
  if (value === 1 || value === '1' || value === 'asc') return 1;
  if (value === -1 || value === '-1' || value === 'desc') return -1;
  throw new QueryError(`${name} must be 1 or -1, got ${JSON.stringify(value)}`);
}

function parseSort(params: URLSearchParams): SortKey[] {
  const fields = params.getAll('sort').filter((f) => f !== '');
  const dirs = params.getAll('dir').map((d) => direction(d, 'dir'));
  if (fields.length === 0) return dirs.length > 0 ? [{ field: '_id', dir: dirs[0] ?? 1 }] : [];
  if (dirs.length > fields.length) throw new QueryError(`dir given ${dirs.length} times for ${fields.length} sort fields`);
  return fields.map((field, i) => ({ field, dir: dirs[i] ?? 1 }));
}

function parseFields(value: unknown): Projection {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new QueryError('$fields in h must be an object like {"title":1}');
  }
  let keepId = true;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const [field, flag] of Object.entries(value)) {
    if (flag !== 0 && flag !== 1 && flag !== true && flag !== false) {
      throw new QueryError(`$fields in h: "${field}" must be 1 or 0`);
    }
    const on = flag === 1 || flag === true;
    if (field === '_id') keepId = on;
    else (on ? include : exclude).push(field);
  }
  if (include.length > 0 && exclude.length > 0) throw new QueryError('$fields in h cannot mix 1 and 0');
  return include.length > 0 || exclude.length === 0
    ? { mode: 'include', fields: include, keepId }
    : { mode: 'exclude', fields: exclude, keepId };
}

function parseHints(h: unknown): Record<string, unknown> {
  if (h === undefined) return {};
  if (h === null || typeof h !== 'object' || Array.isArray(h)) throw new QueryError('h must be a JSON object');
  const hints = h as Record<string, unknown>;
  for (const key of Object.keys(hints)) {
    if (key === '$groupby' || key === '$aggregate') {
      throw new QueryError(`${key} in h is not supported by the restdb-client mock`);
    }
    if (!KNOWN_HINTS.has(key)) throw new QueryError(`Unknown hint "${key}" in h`);
  }
  return hints;
}

/**
 * Parses and validates list parameters.
 *
 * @throws QueryError for malformed JSON in `q`/`h`, unknown operators or hints, and bad numbers or directions.
 */
export function parseListParams(params: URLSearchParams): ListPlan {
  for (const name of UNSUPPORTED) {
    if (params.has(name)) throw new QueryError(`${name} is not supported by the restdb-client mock`);
  }
  const q = parseJsonParam(params, 'q');
  const hints = parseHints(parseJsonParam(params, 'h'));
  const predicate = compileQuery(q ?? {}, 'q');

  let sort = parseSort(params);
  const orderby = hints['$orderby'];
  if (orderby !== undefined) {
    if (orderby === null || typeof orderby !== 'object' || Array.isArray(orderby)) {
      throw new QueryError('$orderby in h must be an object like {"age":-1}');
    }
    sort = Object.entries(orderby).map(([field, dir]) => ({ field, dir: direction(dir, `$orderby.${field}`) }));
  }

  const skipParam = params.get('skip');
  const maxParam = params.get('max');
  const skip = hints['$skip'] !== undefined ? nonNegativeInt(hints['$skip'], '$skip') : skipParam === null ? 0 : nonNegativeInt(skipParam, 'skip');
  const max = hints['$max'] !== undefined ? nonNegativeInt(hints['$max'], '$max') : maxParam === null ? DEFAULT_MAX : nonNegativeInt(maxParam, 'max');
  const filter = params.get('filter');

  return {
    predicate,
    filter: filter === null || filter === '' ? undefined : filter,
    sort,
    skip,
    max,
    projection: hints['$fields'] === undefined ? undefined : parseFields(hints['$fields']),
    metafields: booleanParam(params, 'metafields'),
    totals: booleanParam(params, 'totals'),
  };
}
