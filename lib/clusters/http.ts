/**
 * Glue for the /api/clusters route handlers: turns registry errors into HttpErrors (which
 * withAuth renders as `{ error, code }`) and builds the audit context of a request.
 */
import { z } from 'zod';
import { HttpError } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import type { SessionUser } from '@/lib/auth/types';
import { ClusterError } from './errors';
import type { ActionContext } from './service';

export const clusterIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a cluster id.');

/** Runs a registry call, rethrowing ClusterError as the equivalent HttpError. */
export async function asHttp<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ClusterError) throw new HttpError(err.status, err.message, err.reason ?? err.code);
    throw err;
  }
}

export function actionContext(req: Request, user: SessionUser): ActionContext {
  return { actor: user, ip: requestIp(req.headers) };
}

/** JSON response that proxies and browsers must not cache (cluster data is per-user sensitive). */
export function noStoreJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}
