import type { Query } from './types';

const list = <V>(v: V | V[] | undefined): V[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Serializes a query to restdb's search parameters: `q` and `h` as JSON, repeatable `sort`/`dir`, `skip`,
 * `max`, `filter`, `metafields=true`, plus `totals=true` when asked. `fields` become `h.$fields`.
 * Pure: no I/O.
 * @param query - the typed query
 * @param totals - add `totals=true`
 */
export function toSearchParams<T>(query: Query<T> = {}, totals = false): URLSearchParams {
  const p = new URLSearchParams();
  if (query.q) p.set('q', JSON.stringify(query.q));
  let h: Record<string, unknown> | undefined = query.h && { ...query.h };
  if (query.fields?.length) {
    h = { ...h, $fields: { ...(h?.$fields as object | undefined), ...Object.fromEntries(query.fields.map((f) => [f, 1])) } };
  }
  if (h && Object.keys(h).length) p.set('h', JSON.stringify(h));
  if (query.filter !== undefined) p.set('filter', query.filter);
  for (const s of list(query.sort)) p.append('sort', s);
  for (const d of list(query.dir)) p.append('dir', String(d));
  if (query.skip !== undefined) p.set('skip', String(query.skip));
  if (query.max !== undefined) p.set('max', String(query.max));
  if (query.metafields) p.set('metafields', 'true');
  if (totals) p.set('totals', 'true');
  return p;
}
