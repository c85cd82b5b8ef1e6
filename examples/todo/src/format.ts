/** Small pure formatting helpers. */

/** "59:07", "1:02:03" or "0:05" for a duration in milliseconds (negative counts as zero). */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** Up to two initials from a name or an e-mail address ("Ada Lovelace" -> "AL", "bob@x.io" -> "B"). */
export function initials(name: string): string {
  const base = name.includes('@') ? name.split('@')[0] ?? '' : name;
  const parts = base.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.slice(0, 2).map((p) => p[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

/** "1 item", "3 items". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
