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
  // `[x].flat()` turns one value or a list into a list; undefined entries (options not given) are skipped.
  const entries: [string, unknown][] = [
    ['q', q],
    ['h', hints && Object.keys(hints).length ? hints : undefined],
    ['filter', filter],
    ...[sort].flat().map((s): [string, unknown] => ['sort', s]),
    ...[dir].flat().map((d): [string, unknown] => ['dir', d]),
    ['skip', skip],
    ['max', max],
    ['metafields', metafields || undefined],
    ['totals', totals || undefined],
  ];
  // Strings as they are; numbers, booleans and objects as JSON (`-1`, `true`, `{"done":false}`).
  for (const [k, v] of entries) if (v !== undefined) p.append(k, typeof v == 'string' ? v : JSON.stringify(v));
  return p;
}
