/** Glue for the /api/clusters route handlers: the cluster id parameter and the audit context of a request. */
import { idSchema } from '@/lib/api/input';
import { requestIp } from '@/lib/auth/audit';
import type { SessionUser } from '@/lib/auth/types';
import type { ActionContext } from './service';

export const clusterIdSchema = idSchema('Not a cluster id.');


export function actionContext(req: Request, user: SessionUser): ActionContext {
  return { actor: user, ip: requestIp(req.headers) };
}

/** JSON response that proxies and browsers must not cache (cluster data is per-user sensitive). */
export function noStoreJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}
