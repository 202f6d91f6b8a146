/**
 * GET /metrics — Prometheus exposition (lib/metrics). Needs `Authorization: Bearer <token>`:
 * RAMPART_METRICS_TOKEN, or an API token of a viewer or above (a browser session works too).
 * ?framework=<id>&control=<id> narrows the findings gauges to one framework or control (400 when unknown).
 */
import { errorResponse } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { collectMetrics, metricsQuerySchema } from '@/lib/metrics';
import { mayScrapeMetrics } from '@/lib/metrics/auth';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  try {
    if (!(await mayScrapeMetrics(req))) {
      return new Response('Unauthorized: send "Authorization: Bearer <token>" (RAMPART_METRICS_TOKEN or a viewer API token).\n', {
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="rampart-metrics"', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
    const query = metricsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams.entries()));
    const { body, contentType } = await collectMetrics(await getDb(), query.framework ? { framework: query.framework, control: query.control } : undefined);
    return new Response(body, { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
