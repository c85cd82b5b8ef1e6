/**
 * The text being typed into "New to-do", kept in sessionStorage so that an expired session, a login
 * redirect or a reload never loses it.
 */
const KEY = 'restdb-todo-demo:draft';

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // storage disabled: the draft then lives only in the input
  }
}

/** Returns the saved draft ('' when none). */
export function readDraft(): string {
  return storage()?.getItem(KEY) ?? '';
}

/** Saves the draft; an empty string removes it. */
export function saveDraft(text: string): void {
  const s = storage();
  if (!s) return;
  if (text === '') s.removeItem(KEY);
  else s.setItem(KEY, text);
}
