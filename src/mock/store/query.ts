/**
 * The `q` query engine: compiles a restdb/Mongo-style query object into a predicate over records.
 * Pure; every malformed part is refused up front with a {@link QueryError} that names it.
 *
 * Supported: implicit equality (dotted paths, array membership), `$or`, `$and`, and per field
 * `$eq`, `$ne`, `$not`, `$in`, `$nin`, `$regex` (+ `$options`), `$gt`, `$gte`, `$lt`, `$lte`, `$bt`,
 * `$exists`, `$elemMatch`, `$date` (as an operand: `{"$gt": {"$date": "2024-01-01"}}`, or alone for date equality).
 */
import { QueryError } from './query-error';
import { compilePath, deepEqual } from './values';

/** A compiled query: true when the record matches. */
export type Predicate = (record: Record<string, unknown>) => boolean;

type ValuesTest = (values: unknown[]) => boolean;
type Comparable = { kind: 'number'; value: number } | { kind: 'string'; value: string } | { kind: 'date'; value: number };

/** Longest `$regex` pattern accepted. */
const MAX_REGEX_LENGTH = 512;
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,\d*\})/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(where: string, field: string | undefined): string {
  return field === undefined ? where : `${where} at "${field}"`;
}

/**
 * Compiles a query object.
 *
 * @param query - the parsed `q` value (or a sub-query).
 * @param where - the parameter name used in error messages, e.g. `q`.
 * @throws QueryError when the query is not an object, uses an unknown operator or gives an operator a bad operand.
 */
export function compileQuery(query: unknown, where = 'q'): Predicate {
  if (!isPlainObject(query)) throw new QueryError(`${where} must be a JSON object, got ${JSON.stringify(query)}`);
  const parts: Predicate[] = [];
  for (const [key, condition] of Object.entries(query)) {
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(condition) || condition.length === 0) {
        throw new QueryError(`${key} in ${where} must be a non-empty array of queries`);
      }
      const subs = condition.map((sub, i) => compileQuery(sub, `${where}.${key}[${i}]`));
      parts.push(key === '$or' ? (r) => subs.some((p) => p(r)) : (r) => subs.every((p) => p(r)));
    } else if (key.startsWith('$')) {
      throw new QueryError(`Unknown operator "${key}" in ${where}`);
    } else {
      const test = compileCondition(condition, where, key);
      const read = compilePath(key);
      parts.push((r) => test(read(r)));
    }
  }
  return (record) => parts.every((p) => p(record));
}

function isOperatorObject(value: unknown, where: string, field: string | undefined): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length > 0 && operators.length < keys.length) {
    throw new QueryError(`Cannot mix operators and field names in ${describe(where, field)}`);
  }
  return operators.length > 0;
}

function compileCondition(condition: unknown, where: string, field: string | undefined): ValuesTest {
  if (isOperatorObject(condition, where, field)) return compileOperators(condition, where, field);
  return equals(condition);
}

function equals(target: unknown): ValuesTest {
  return (values) =>
    values.some(
      (v) =>
        deepEqual(v, target) ||
        (target === null && v === undefined) ||
        (Array.isArray(v) && v.some((item) => deepEqual(item, target))),
    );
}

function expand(values: unknown[]): unknown[] {
  if (values.length === 1 && !Array.isArray(values[0])) return values;
  return values.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function toComparable(operand: unknown, op: string, ctx: string): Comparable {
  if (typeof operand === 'number' && Number.isFinite(operand)) return { kind: 'number', value: operand };
  if (typeof operand === 'string') return { kind: 'string', value: operand };
  if (isPlainObject(operand) && Object.keys(operand).length === 1 && '$date' in operand) {
    return { kind: 'date', value: parseDate(operand['$date'], ctx) };
  }
  throw new QueryError(`${op} in ${ctx} needs a number, a string or {"$date": ...}, got ${JSON.stringify(operand)}`);
}

function parseDate(value: unknown, ctx: string): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new QueryError(`Invalid $date ${JSON.stringify(value)} in ${ctx}`);
  return ms;
}

/** Compares a stored value with an operand of the same kind; undefined when the kinds do not match. */
function compare(value: unknown, operand: Comparable): number | undefined {
  if (operand.kind === 'number') return typeof value === 'number' ? value - operand.value : undefined;
  if (operand.kind === 'string') {
    if (typeof value !== 'string') return undefined;
    return value < operand.value ? -1 : value > operand.value ? 1 : 0;
  }
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms - operand.value : undefined;
}

function range(op: string, operand: unknown, ctx: string, accept: (cmp: number) => boolean): ValuesTest {
  const target = toComparable(operand, op, ctx);
  return (values) =>
    expand(values).some((v) => {
      const cmp = compare(v, target);
      return cmp !== undefined && accept(cmp);
    });
}

function compileRegex(ops: Record<string, unknown>, ctx: string): ValuesTest {
  const pattern = ops['$regex'];
  const flags = ops['$options'] ?? '';
  if (typeof pattern !== 'string') throw new QueryError(`$regex in ${ctx} must be a string`);
  if (typeof flags !== 'string' || !/^[imsx]*$/.test(flags)) {
    throw new QueryError(`$options in ${ctx} must be a string of the flags i, m, s, x`);
  }
  if (pattern.length > MAX_REGEX_LENGTH) throw new QueryError(`$regex in ${ctx} is longer than ${MAX_REGEX_LENGTH} characters`);
  // One hostile pattern must not freeze the server for everyone: refuse nested quantifiers like (a+)+ or (a|b*)*,
  // the shape behind catastrophic backtracking.
  if (NESTED_QUANTIFIER.test(pattern)) throw new QueryError(`$regex in ${ctx} has a nested quantifier, which the mock refuses`);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags.replace('x', ''));
  } catch {
    throw new QueryError(`Invalid regular expression ${JSON.stringify(pattern)} in ${ctx}`);
  }
  return (values) => expand(values).some((v) => typeof v === 'string' && regex.test(v));
}

function compileOperator(op: string, operand: unknown, ops: Record<string, unknown>, where: string, field: string | undefined): ValuesTest | undefined {
  const ctx = describe(where, field);
  switch (op) {
    case '$eq':
      return equals(operand);
    case '$ne': {
      const eq = equals(operand);
      return (values) => !eq(values);
    }
    case '$not': {
      const inner = compileCondition(operand, where, field);
      return (values) => !inner(values);
    }
    case '$gt':
      return range(op, operand, ctx, (c) => c > 0);
    case '$gte':
      return range(op, operand, ctx, (c) => c >= 0);
    case '$lt':
      return range(op, operand, ctx, (c) => c < 0);
    case '$lte':
      return range(op, operand, ctx, (c) => c <= 0);
    case '$bt': {
      if (!Array.isArray(operand) || operand.length !== 2) throw new QueryError(`$bt in ${ctx} needs an array [low, high]`);
      const low = range(op, operand[0], ctx, (c) => c >= 0);
      const high = range(op, operand[1], ctx, (c) => c <= 0);
      return (values) => expand(values).some((v) => low([v]) && high([v]));
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) throw new QueryError(`${op} in ${ctx} needs an array`);
      const tests = operand.map((item) => equals(item));
      const inList: ValuesTest = (values) => tests.some((t) => t(values));
      return op === '$in' ? inList : (values) => !inList(values);
    }
    case '$regex':
      return compileRegex(ops, ctx);
    case '$options':
      if (!('$regex' in ops)) throw new QueryError(`$options in ${ctx} needs a $regex beside it`);
      return undefined;
    case '$exists': {
      if (typeof operand !== 'boolean' && operand !== 0 && operand !== 1) {
        throw new QueryError(`$exists in ${ctx} needs true or false`);
      }
      const wanted = Boolean(operand);
      return (values) => values.some((v) => v !== undefined) === wanted;
    }
    case '$elemMatch': {
      if (!isPlainObject(operand)) throw new QueryError(`$elemMatch in ${ctx} needs an object`);
      const onElement: (item: unknown) => boolean = isOperatorObject(operand, where, field)
        ? ((test) => (item: unknown) => test([item]))(compileOperators(operand, where, field))
        : ((predicate) => (item: unknown) => isPlainObject(item) && predicate(item))(compileQuery(operand, `$elemMatch in ${ctx}`));
      return (values) => values.some((v) => Array.isArray(v) && v.some(onElement));
    }
    case '$date': {
      const ms = parseDate(operand, ctx);
      return (values) => expand(values).some((v) => typeof v === 'string' && Date.parse(v) === ms);
    }
    default:
      throw new QueryError(`Unknown operator "${op}" in ${ctx}`);
  }
}

function compileOperators(ops: Record<string, unknown>, where: string, field: string | undefined): ValuesTest {
  const tests: ValuesTest[] = [];
  for (const [op, operand] of Object.entries(ops)) {
    const test = compileOperator(op, operand, ops, where, field);
    if (test) tests.push(test);
  }
  return (values) => tests.every((t) => t(values));
}
