/**
 * Value helpers shared by the query engine and sorting: dotted-path lookup with Mongo's array semantics,
 * deep equality and ordering of mixed JSON values.
 */

/**
 * Every value a dotted path reaches in a document. Arrays met on the way fan out over their elements
 * (`"tags.name"` reaches the `name` of every element of `tags`); numeric segments index arrays (`"arr.0"`).
 * A path that reaches nothing yields `[undefined]`.
 */
export function valuesAt(doc: unknown, path: string): unknown[] {
  return walk(doc, path.split('.'), 0);
}

/** A dotted path compiled once: returns what {@link valuesAt} would, without re-splitting the path per record. */
export type PathReader = (doc: unknown) => unknown[];

/** Compiles a dotted path into a reader of the first value it reaches (what sorting uses), allocation-free for plain fields. */
export function compileFirst(path: string): (doc: Record<string, unknown>) => unknown {
  if (!path.includes('.')) return (doc) => doc[path];
  const read = compilePath(path);
  return (doc) => read(doc)[0];
}

/** Compiles a dotted path into a {@link PathReader}; single-segment paths take a fast route. */
export function compilePath(path: string): PathReader {
  const segments = path.split('.');
  const first = segments[0] as string;
  if (segments.length === 1 && !/^\d+$/.test(first)) {
    return (doc) => {
      if (doc === null || typeof doc !== 'object') return [undefined];
      if (!Array.isArray(doc)) return [(doc as Record<string, unknown>)[first]];
      return walk(doc, segments, 0);
    };
  }
  return (doc) => walk(doc, segments, 0);
}

function walk(value: unknown, segments: readonly string[], index: number): unknown[] {
  if (index === segments.length) return [value];
  const segment = segments[index] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(segment)) return walk(value[Number(segment)], segments, index + 1);
    const out: unknown[] = [];
    for (const item of value) {
      if (item !== null && typeof item === 'object') out.push(...walk(item, segments, index));
    }
    return out.length > 0 ? out : [undefined];
  }
  if (value !== null && typeof value === 'object') {
    return walk((value as Record<string, unknown>)[segment], segments, index + 1);
  }
  return [undefined];
}

/** Structural equality of JSON values (object key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(bRecord).length) return false;
  return aKeys.every((key) => key in bRecord && deepEqual((a as Record<string, unknown>)[key], bRecord[key]));
}

function rank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (typeof value === 'object' && !Array.isArray(value)) return 3;
  if (Array.isArray(value)) return 4;
  if (typeof value === 'boolean') return 5;
  return 6;
}

/**
 * Total order over JSON values for sorting, following Mongo's type order:
 * missing/null < numbers < strings < objects < arrays < booleans.
 */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (ra === 3 || ra === 4) return JSON.stringify(a).localeCompare(JSON.stringify(b));
  return 0;
}

/**
 * Nesting depth of a JSON value, computed without recursion (a hostile body can be thousands of levels deep).
 * Stops counting once the depth exceeds `stopAbove`.
 */
export function depthOf(value: unknown, stopAbove = 100): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > stopAbove) return max;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return max;
}
