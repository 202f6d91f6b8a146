/**
 * Who may scrape /metrics: a bearer token equal to RAMPART_METRICS_TOKEN (compared in constant
 * time), or any caller withAuth would accept as a viewer (API token `rmp_…` or a session) who has
 * the fleet view. /metrics is operator-level: its series cover the whole fleet (cluster scores,
 * scan counts and durations, the registered clusters), so a team-scoped user (lib/teams/scope.ts)
 * is refused with a message saying so, not given a part of them (README "Teams and ownership").
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

/** allowed; unauthenticated: no valid token or session (401); team-scoped: a valid caller without the fleet view (403). */
export type MetricsAccess = 'allowed' | 'unauthenticated' | 'team-scoped';

export async function metricsAccess(req: Request): Promise<MetricsAccess> {
  const authorization = req.headers.get('authorization');
  const configured = getConfig().RAMPART_METRICS_TOKEN;
  if (configured && authorization?.toLowerCase().startsWith('bearer ') && sameSecret(authorization.slice(7).trim(), configured)) return 'allowed';
  try {
    const user = await authenticateRequest(req);
    if (!user || !hasRole(user.role, 'viewer') || user.mustChangePassword) return 'unauthenticated';
    return (await accessScopeFor(await getAuthDb(), user)).kind === 'fleet' ? 'allowed' : 'team-scoped';
  } catch {
    return 'unauthenticated';
  }
}
