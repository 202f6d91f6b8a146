/**
 * Input rules shared by every API route (client-safe: pure zod, no Node APIs).
 *
 * PostgreSQL cannot store a NUL character and rejects dates outside its range (and JavaScript
 * accepts years PostgreSQL does not, such as year 0), so such input must be refused with a
 * 400 before a query is built; withAuth and parseJsonBody apply `unsafeTextProblem` to every
 * query, path and body value, and every date a client sends goes through `dateInput`.
 */
import { z } from 'zod';

/** The earliest and latest dates Rampart accepts from a client (inclusive). */
export const MIN_INPUT_DATE = new Date('1970-01-01T00:00:00.000Z');
export const MAX_INPUT_DATE = new Date('9999-12-31T23:59:59.999Z');

/** A date (YYYY-MM-DD or ISO 8601) within MIN_INPUT_DATE … MAX_INPUT_DATE. */
export const dateInput = z.coerce
  .date({ error: 'Not a date: use YYYY-MM-DD or an ISO 8601 timestamp.' })
  .min(MIN_INPUT_DATE, 'The date must be in 1970 or later.')
  .max(MAX_INPUT_DATE, 'The date must be before the year 10000.');

/** The longest value accepted in one query parameter, and in one path parameter. */
export const MAX_QUERY_VALUE_CHARS = 4096;
export const MAX_PATH_PARAM_CHARS = 512;

// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- tab, newline and carriage return are control characters too
const LINE_BREAK_OR_TAB = /[\u0009\u000a\u000d]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a client-sent string cannot be accepted, or null. `multiline` allows tab and line
 * breaks (free-text bodies such as a kubeconfig or a reason); NUL and the other control
 * characters, and unpaired surrogates, are never accepted.
 */
export function unsafeTextProblem(value: string, options: { multiline?: boolean } = {}): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (CONTROL.test(value)) return 'contains a control character';
  if (!options.multiline && LINE_BREAK_OR_TAB.test(value)) return 'contains a tab or line break';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired surrogate (not valid Unicode text)';
  return null;
}

/**
 * The one shape of a record id in a path or query parameter (cuid, uuid, better-auth ids): 1–`max`
 * letters, digits, `_` or `-`. `message` names what was expected, e.g. "Not a cluster id.".
 */
export function idSchema(message = 'Not a valid id.', max = 64) {
  return z.string().min(1, message).max(max, message).regex(/^[A-Za-z0-9_-]+$/, message);
}
