import type { Query } from './types';

/**
 * Serializes a query to restdb's search parameters, in this order: `q` and `h` as JSON, `filter`, repeatable
 * `sort`/`dir`, `skip`, `max`, `metafields=true`, plus `totals=true` when asked. `fields` become `h.$fields`.
 * Pure: no I/O.
 * @param query - the typed query
 * @param totals - add `totals=true`
 */
export function toSearchParams<T>(query: Query<T> = {}, totals = false): URLSearchParams {
  const { q, h, fields, filter, sort, dir, skip, max, metafields } = query;
  const hints = fields?.length ? { ...h, $fields: { ...h?.$fields, ...Object.fromEntries(fields.map((f) => [f, 1])) } } : h;
  const p = new URLSearchParams();
  // Strings as they are; numbers, booleans and objects as JSON (`-1`, `true`, `{"done":false}`); undefined (not given) skipped.
  const add = (k: string, v: unknown): void => {
    if (v !== undefined) p.append(k, typeof v == 'string' ? v : JSON.stringify(v));
  };
  add('q', q);
  add('h', hints && Object.keys(hints).length ? hints : undefined);
  add('filter', filter);
  // `[x].flat()` turns one value or a list into a list.
  for (const s of [sort].flat()) add('sort', s);
  for (const d of [dir].flat()) add('dir', d);
  add('skip', skip);
  add('max', max);
  add('metafields', metafields || undefined);
  add('totals', totals || undefined);
  return p;
}
