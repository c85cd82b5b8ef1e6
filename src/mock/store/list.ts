/**
 * Runs a {@link ListPlan} over a collection's records: match, text filter, sort, page, shape.
 */
import { matchesText } from './keywords';
import type { ListPlan, Projection } from './params';
import { SYSTEM_FIELDS, type MockRecord } from './store';
import { compareValues, valuesAt } from './values';

/** One page of results plus the number of records that matched before paging. */
export interface ListResult {
  data: MockRecord[];
  total: number;
}

function sortValue(record: MockRecord, field: string): unknown {
  return valuesAt(record, field)[0];
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
  matched.sort((a, b) => {
    for (const { field, dir } of keys) {
      const cmp = compareValues(sortValue(a, field), sortValue(b, field));
      if (cmp !== 0) return cmp * dir;
    }
    return 0;
  });
  const page = matched.slice(plan.skip, plan.skip + plan.max);
  return { data: page.map((r) => shapeRecord(r, plan.metafields, plan.projection)), total: matched.length };
}
