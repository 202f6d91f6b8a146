/**
 * GET /metrics — Prometheus exposition (lib/metrics). Needs `Authorization: Bearer <token>`:
 * RAMPART_METRICS_TOKEN, or an API token of a viewer or above (a browser session works too). A team member's
 * token gets the series of what their teams see only (lib/metrics); a user in no team is refused (403, with the reason).
 * ?framework=<id>&control=<id> narrows the findings gauges to one framework or control (400 when unknown).
 */
import { errorResponse } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { collectMetrics, metricsQuerySchema } from '@/lib/metrics';
import { metricsAccess } from '@/lib/metrics/auth';

export const dynamic = 'force-dynamic';

const PLAIN = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

export async function GET(req: Request): Promise<Response> {
  try {
    const access = await metricsAccess(req);
    if (access.kind === 'unauthenticated') {
      return new Response('Unauthorized: send "Authorization: Bearer <token>" (RAMPART_METRICS_TOKEN or a viewer API token).\n', {
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="rampart-metrics"', ...PLAIN },
      });
    }
    if (access.kind === 'no-team') {
      return new Response("Forbidden: this token's user has no fleet view and is in no team yet, so there is nothing to scrape. Ask an administrator to add them to a team.\n", { status: 403, headers: PLAIN });
    }
    const query = metricsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams.entries()));
    const { body, contentType } = await collectMetrics(await getDb(), query.framework ? { framework: query.framework, control: query.control } : undefined, access.scope);
    return new Response(body, { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
