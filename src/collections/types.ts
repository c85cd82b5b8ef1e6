/**
 * Maps collection names to record types, e.g. `{ todos: { title: string; done: boolean } }`.
 * Interfaces work too; system fields are added by the SDK.
 */
export type RestdbSchema = Record<string, object>;

/** The constraint on a client's `Schema`: every collection maps to an object type (interfaces welcome). */
export type SchemaOf<S> = { [K in keyof S]: object };

/** The schema used when none is given: any collection name, loosely typed records. */
export type UntypedSchema = Record<string, Record<string, unknown>>;

/** Fields restdb adds to every record (`_created` etc. only with `metafields` or on write replies). */
export interface SystemFields {
  /** 24-hex ObjectId. */
  _id: string;
  /** ISO-8601 creation time. */
  _created?: string;
  /** ISO-8601 last-change time. */
  _changed?: string;
  /** Creator (`api` or the user's name/email). */
  _createdby?: string;
  /** Last editor. */
  _changedby?: string;
  /** 0 on create, +1 per update. */
  _version?: number;
}

/** A record as stored: your fields plus {@link SystemFields}. */
export type RestdbRecord<T> = T & SystemFields;

/** A date compared by value: `{ $date: '2024-01-01' }`. */
export interface DateValue {
  /** An ISO date string. */
  $date: string;
}

/** Values `$gt`/`$gte`/`$lt`/`$lte`/`$bt` accept for a field of type `V`: numbers, strings, or `{ $date }` for strings. */
export type ComparableValue<V> = [V] extends [number] ? V : [V] extends [string] ? V | DateValue : never;
/** The element type of an array field (never for other fields). */
export type ElementOf<V> = V extends readonly (infer E)[] ? E : never;

/** Operators for one field, typed by the field's value type `V`. */
export type FieldOperators<V> = {
  /** Not equal. */
  $not?: V;
  /** One of (for array fields: contains one of). */
  $in?: (V | ElementOf<V>)[];
  /** None of. */
  $nin?: (V | ElementOf<V>)[];
  /** Whether the field exists (for arrays: `'arr.0': { $exists: false }` tests empty). */
  $exists?: boolean;
} & ([V] extends [string] ? {
  /** Regular expression source. */
  $regex?: string;
} : unknown) & ([ComparableValue<V>] extends [never] ? unknown : {
  /** Greater than. */
  $gt?: ComparableValue<V>;
  /** Greater than or equal. */
  $gte?: ComparableValue<V>;
  /** Less than. */
  $lt?: ComparableValue<V>;
  /** Less than or equal. */
  $lte?: ComparableValue<V>;
  /** Inclusive between. */
  $bt?: [ComparableValue<V>, ComparableValue<V>];
}) & ([ElementOf<V>] extends [never] ? unknown : {
  /** An element matches. */
  $elemMatch?: ElementOf<V> extends object ? Filter<ElementOf<V>> : FieldOperators<ElementOf<V>>;
});

/** A field condition: a value (implicit equality; for arrays an element) or operators. */
export type Condition<V> = V | ElementOf<V> | FieldOperators<NonNullable<V>> | (undefined extends V ? null : never);

/**
 * restdb's `q`, typed against the record: implicit equality, `$not`, `$in`/`$nin`, `$regex` (strings),
 * `$gt`/`$gte`/`$lt`/`$lte`/`$bt` (numbers, strings, `$date`), `$exists`, `$elemMatch` (arrays), `$or`/`$and`.
 * Dotted paths (`'address.city'`, `'tags.0'`) are accepted untyped.
 */
export type Filter<T> = { [K in keyof T]?: Condition<T[K]> } & {
  /** Any of the filters. */
  $or?: Filter<T>[];
  /** All of the filters. */
  $and?: Filter<T>[];
} & { [path: `${string}.${string}`]: unknown };

/** restdb's `h` hints. */
export interface Hints<T> {
  /** Projection: `{ title: 1 }` (do not mix 1 and 0). */
  $fields?: { [K in keyof RestdbRecord<T>]?: 0 | 1 };
  /** Sort: `{ priority: -1, title: 1 }`. */
  $orderby?: { [K in keyof RestdbRecord<T>]?: 1 | -1 };
  /** Page size. */
  $max?: number;
  /** Offset. */
  $skip?: number;
}

/** A field name of the record, system fields included. */
export type FieldName<T> = keyof RestdbRecord<T> & string;

/** A list query, serialized exactly as restdb expects. */
export interface Query<T> {
  /** The filter (`q`). */
  q?: Filter<RestdbRecord<T>>;
  /** Hints (`h`). */
  h?: Hints<T>;
  /** Sort field(s) (`sort`, repeatable). */
  sort?: FieldName<T> | FieldName<T>[];
  /** Direction(s) pairing with `sort`: 1 ascending, -1 descending. */
  dir?: 1 | -1 | (1 | -1)[];
  /** Offset. */
  skip?: number;
  /** Page size (restdb caps at 1000 unless set). */
  max?: number;
  /** Free-text search. */
  filter?: string;
  /** Only these fields (merged into `h.$fields`). */
  fields?: FieldName<T>[];
  /** Include system fields (`_created`, `_version`, ...). */
  metafields?: boolean;
}

/** restdb's `totals` block. */
export interface Totals {
  /** All matches. */
  total: number;
  /** Records in this page. */
  count: number;
  /** Offset used. */
  skip: number;
  /** Page size used. */
  max: number;
}

/** A page with totals, as `findWithTotals` returns it. */
export interface PageWithTotals<R> {
  /** The records. */
  data: R[];
  /** Counts. */
  totals: Totals;
}
