/**
 * Text from a cluster is tenant input: anyone who can create an object chooses its names, labels,
 * annotations, args and env values. PostgreSQL `text` cannot hold NUL (U+0000) and `jsonb`
 * rejects `\u0000` and unpaired UTF-16 surrogates, so one such character in one object would make
 * the whole scan fail at persist. Every string is normalised on the way in (SnapshotBuilder) and
 * again before it is written (lib/scans/persist.ts): NUL and lone surrogates become U+FFFD, the
 * Unicode replacement character. Everything else is kept as it is.
 */

export const REPLACEMENT = '\ufffd';

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE_TEST = new RegExp(UNSTORABLE.source);

/** True when PostgreSQL can store the string as text and inside jsonb. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE_TEST.test(s);
}

/** The string with NUL characters and unpaired surrogates replaced by U+FFFD. */
export function storableText(s: string): string {
  return isStorableText(s) ? s : s.replace(UNSTORABLE, REPLACEMENT);
}

/**
 * Normalises every string (object keys included) of a JSON-like value **in place** and returns it
 * (a string is returned normalised). Objects whose keys need normalising are rebuilt key by key in
 * their original order. Cycles are not expected (parsed JSON / YAML) and not followed twice.
 */
export function makeStorable<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = makeStorable(value[i], seen);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.every(isStorableText)) {
    for (const k of keys) record[k] = makeStorable(record[k], seen);
    return value;
  }
  const entries = keys.map((k) => [storableText(k), makeStorable(record[k], seen)] as const);
  for (const k of keys) delete record[k];
  for (const [k, v] of entries) record[k] = v;
  return value;
}
