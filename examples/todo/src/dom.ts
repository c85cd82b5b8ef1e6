/** Tiny DOM helpers: enough to build the views without a framework. */

type Child = Node | string | null | undefined | false;

/** Attributes and properties accepted by {@link h}. */
export type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates an element: `on*` keys become event listeners, `class`/`for`/`aria-*`/`data-*` become attributes,
 * booleans toggle attributes, and children may be nodes or strings (never parsed as HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** Returns the element with this id or throws, so a broken page fails loudly. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id} element.`);
  return el as T;
}
