/**
 * Runs a {@link ListPlan} over a collection's records: match, text filter, sort, page, shape.
 */
import { matchesText } from './keywords';
import type { ListPlan, Projection } from './params';
import { SYSTEM_FIELDS, type MockRecord } from './store';
import { compareValues, compileFirst } from './values';

/** One page of results plus the number of records that matched before paging. */
export interface ListResult {
  data: MockRecord[];
  total: number;
}

/**
 * Shapes a record for a reply: without `metafields` only `_id` and user fields remain; then the projection applies.
 * Always returns a copy.
 */
export function shapeRecord(record: MockRecord, metafields: boolean, projection?: Projection): MockRecord {
  const listed = new Set(projection?.mode === 'include' ? projection.fields : []);
  const out: MockRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (!metafields && key !== '_id' && SYSTEM_FIELDS.has(key) && !listed.has(key)) continue;
    if (projection) {
      if (key === '_id') {
        if (!projection.keepId) continue;
      } else if (projection.mode === 'include' ? !listed.has(key) : projection.fields.includes(key)) continue;
    }
    out[key] = structuredClone(value);
  }
  return out;
}

/** Applies the plan to `records` (already narrowed to what the caller may see). */
export function runList(records: readonly MockRecord[], plan: ListPlan): ListResult {
  const { filter } = plan;
  const matched = records.filter((r) => plan.predicate(r) && (filter === undefined || matchesText(r, filter)));
  const keys = [...plan.sort, { field: '_id', dir: 1 as const }];
  const readers = keys.map((key) => compileFirst(key.field));
  const dirs = keys.map((key) => key.dir);
  const width = keys.length;
  // Read every sort value once into one flat array, then sort indices: reading (dotted) paths inside the
  // comparator would repeat that work n log n times and allocate on every comparison.
  const values: unknown[] = new Array<unknown>(matched.length * width);
  matched.forEach((record, i) => {
    for (let j = 0; j < width; j += 1) values[i * width + j] = (readers[j] as (r: MockRecord) => unknown)(record);
  });
  const order = Array.from(matched, (_, i) => i);
  order.sort((a, b) => {
    for (let j = 0; j < width; j += 1) {
      const cmp = compareValues(values[a * width + j], values[b * width + j]);
      if (cmp !== 0) return cmp * (dirs[j] as number);
    }
    return 0;
  });
  const page = order.slice(plan.skip, plan.skip + plan.max).map((i) => matched[i] as MockRecord);
  return { data: page.map((r) => shapeRecord(r, plan.metafields, plan.projection)), total: matched.length };
}
