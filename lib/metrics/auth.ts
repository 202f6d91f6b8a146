/**
 * Who may scrape /metrics: a bearer token equal to RAMPART_METRICS_TOKEN (compared in constant
 * time), or any caller withAuth would accept as a viewer (API token `rmp_…` or a session) who has
 * the fleet view. /metrics is operator-level: its series cover the whole fleet, so a team-scoped
 * user (lib/teams/scope.ts) may not scrape it (README "Teams and ownership").
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticateRequest } from '@/lib/auth/api';
import { hasRole } from '@/lib/auth/roles';
import { getAuthDb } from '@/lib/auth/auth';
import { getConfig } from '@/lib/config';
import { accessScopeFor } from '@/lib/teams/scope';

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
    if (!user || !hasRole(user.role, 'viewer') || user.mustChangePassword) return false;
    return (await accessScopeFor(await getAuthDb(), user)).kind === 'fleet';
  } catch {
    return false;
  }
}
