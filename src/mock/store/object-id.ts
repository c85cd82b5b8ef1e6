/**
 * MongoDB-style ObjectIds, the `_id` format restdb uses: 24 lower-case hex characters made of a 4-byte
 * creation time (seconds), 5 random bytes fixed per generator and a 3-byte counter.
 */

/** A function returning a fresh ObjectId string each time it is called. */
export type ObjectIdGenerator = () => string;

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** True when `value` is a 24-hex ObjectId string (case-insensitive, as Mongo parses it). */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value.toLowerCase());
}

function hex(value: number, bytes: number): string {
  return value.toString(16).padStart(bytes * 2, '0').slice(-bytes * 2);
}

/**
 * Creates an ObjectId generator bound to a clock.
 *
 * @param now - epoch-milliseconds clock; its seconds become the id's timestamp.
 * @returns a generator whose ids are unique for this generator and sort by creation order within a second.
 */
export function createObjectIdGenerator(now: () => number): ObjectIdGenerator {
  const random = new Uint8Array(8);
  crypto.getRandomValues(random);
  const processPart = Array.from(random.subarray(0, 5), (b) => hex(b, 1)).join('');
  // Start in the lower half so the counter cannot wrap within millions of inserts: ids made in the same second then
  // sort in creation order, which the default `_id` sort (and tests) rely on.
  let counter = (((random[5] ?? 0) << 16) | ((random[6] ?? 0) << 8) | (random[7] ?? 0)) & 0x7fffff;
  return () => {
    counter = (counter + 1) % 0x1000000;
    const seconds = Math.floor(now() / 1000) >>> 0;
    return hex(seconds, 4) + processPart + hex(counter, 3);
  };
}
