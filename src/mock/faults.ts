/**
 * Per-route fault injection: make matching requests fail with a status, a body, a delay or a network error.
 */
import type { MockOrigin } from './request-log';

/** A fault to inject. Rules are checked in the order added; the first match applies. */
export interface FaultRule {
  /** Only this HTTP method (case-insensitive). @default any method except OPTIONS (preflights pass) */
  method?: string;
  /** Only this face of the mock. @default any */
  origin?: 'restdb' | 'idp';
  /** Path to match: an exact path name (`*` matches any run of characters), or a RegExp tested on the path name. */
  path: string | RegExp;
  /** Reply with this status instead of the real answer. Without `status` and `networkError` the request only gets `delayMs`. */
  status?: number;
  /** JSON body of the injected reply. @default {message: 'Injected fault'} */
  body?: unknown;
  /** Extra headers of the injected reply (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** Wait this long before answering (or failing). */
  delayMs?: number;
  /** Fail like a dropped connection (fetch rejects with a TypeError). */
  networkError?: true;
  /** Apply to this many matching requests, then remove itself. @default unlimited */
  times?: number;
}

/** Fault controls of a mock. */
export interface Faults {
  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void;
  /** Removes every rule. */
  clear(): void;
}

/** Faults plus the matcher the dispatcher uses. */
export interface FaultRegistry extends Faults {
  /** The first rule matching the request, counting one use of it; undefined when none matches. */
  take(origin: MockOrigin, method: string, path: string): FaultRule | undefined;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Creates an empty fault registry. */
export function createFaults(): FaultRegistry {
  let rules: { rule: FaultRule; pattern: RegExp; left: number }[] = [];
  return {
    add(rule) {
      const entry = {
        rule: { ...rule },
        pattern: typeof rule.path === 'string' ? globToRegExp(rule.path) : rule.path,
        left: rule.times ?? Number.POSITIVE_INFINITY,
      };
      rules.push(entry);
      return () => {
        rules = rules.filter((r) => r !== entry);
      };
    },
    clear() {
      rules = [];
    },
    take(origin, method, path) {
      const entry = rules.find(
        ({ rule, pattern }) =>
          // A rule without a method leaves CORS preflights alone, so a browser sees the faulty reply itself.
          (rule.method === undefined ? method !== 'OPTIONS' : rule.method.toUpperCase() === method.toUpperCase()) &&
          (rule.origin === undefined || rule.origin === origin) &&
          (pattern.lastIndex = 0, pattern.test(path)),
      );
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) rules = rules.filter((r) => r !== entry);
      return entry.rule;
    },
  };
}
