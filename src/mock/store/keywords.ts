/**
 * restdb's `_keywords` / `_tags` system fields: the unique lower-case words found in a document's user fields.
 */

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (!key.startsWith('_')) collectStrings(item, out);
  }
}

/**
 * The unique lower-case words in a document's user fields (fields not starting with `_`), in first-seen order.
 *
 * @param doc - the record's user fields.
 * @returns the `_keywords` array; `_tags` is the same words joined by one space.
 */
export function keywordsOf(doc: Record<string, unknown>): string[] {
  const strings: string[] = [];
  collectStrings(doc, strings);
  const words = new Set<string>();
  for (const text of strings) {
    for (const word of text.toLowerCase().split(/[^\p{L}\p{N}@._-]+/u)) {
      const trimmed = word.replace(/^[._-]+|[._-]+$/g, '');
      if (trimmed) words.add(trimmed);
    }
  }
  return [...words];
}

/**
 * True when any string, number or boolean in the document's user fields contains `needle`, ignoring case:
 * the `filter` parameter's free-text search.
 */
export function matchesText(doc: Record<string, unknown>, needle: string): boolean {
  const strings: string[] = [];
  collectStrings(doc, strings);
  const lower = needle.toLowerCase();
  return strings.some((text) => text.toLowerCase().includes(lower));
}
