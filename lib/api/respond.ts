/**
 * The one HTTP mapping of errors (server-only), used by withAuth for every route handler:
 *
 * - an AppError (lib/api/errors.ts) → its status, `{ error: message, code? }`
 * - a zod error                     → 400, `{ error, issues }`
 * - anything else                   → 500 with a generic message (details only in the server log)
 */
import { ZodError } from 'zod';
import { log } from '../log';
import { AppError } from './errors';

/** A JSON error answer that proxies must not cache. */
export function jsonError(status: number, message: string, extra?: Record<string, unknown>): Response {
  return Response.json({ error: message, ...extra }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Turns an error thrown by a handler into the JSON response the caller sees. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return jsonError(error.status, error.message, error.publicCode ? { code: error.publicCode } : undefined);
  if (error instanceof ZodError) {
    return jsonError(400, 'The request is not valid: ' + error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), {
      issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  // Log for the operator; the caller gets no stack or internals.
  log('api').error({ err: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'unhandled error in an API route');
  return jsonError(500, 'Internal error. The server log has details.');
}
