/**
 * Who may scrape /metrics: a bearer token equal to RAMPART_METRICS_TOKEN (compared in constant
 * time), or any caller withAuth would accept as a viewer (API token `rmp_…` or a session).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticateRequest } from '@/lib/auth/api';
import { hasRole } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export async function mayScrapeMetrics(req: Request): Promise<boolean> {
  const authorization = req.headers.get('authorization');
  const configured = getConfig().RAMPART_METRICS_TOKEN;
  if (configured && authorization?.toLowerCase().startsWith('bearer ') && sameSecret(authorization.slice(7).trim(), configured)) return true;
  try {
    const user = await authenticateRequest(req);
    return Boolean(user && hasRole(user.role, 'viewer') && !user.mustChangePassword);
  } catch {
    return false;
  }
}
