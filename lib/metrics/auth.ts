/**
 * Who may scrape /metrics, and what they see: a bearer token equal to RAMPART_METRICS_TOKEN
 * (compared in constant time) gets the fleet; so does any caller withAuth would accept as a viewer
 * (API token `rmp_…` or a session) who has the fleet view. A team member gets their access scope
 * (lib/teams/scope.ts): collectMetrics then gives the series of what their teams own only. A user
 * without the fleet view who is in no team sees nothing, and is refused with a message saying so.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticateRequest } from '@/lib/auth/api';
import { hasRole } from '@/lib/auth/roles';
import { getAuthDb } from '@/lib/auth/auth';
import { getConfig } from '@/lib/config';
import { accessScopeFor, FLEET, type AccessScope } from '@/lib/teams/scope';

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * allowed: the scope the series cover (the fleet, or a team member's teams); unauthenticated: no
 * valid token or session (401); no-team: a valid caller without the fleet view in no team (403).
 */
export type MetricsAccess = { kind: 'allowed'; scope: AccessScope } | { kind: 'unauthenticated' } | { kind: 'no-team' };

export async function metricsAccess(req: Request): Promise<MetricsAccess> {
  const authorization = req.headers.get('authorization');
  const configured = getConfig().RAMPART_METRICS_TOKEN;
  if (configured && authorization?.toLowerCase().startsWith('bearer ') && sameSecret(authorization.slice(7).trim(), configured)) return { kind: 'allowed', scope: FLEET };
  try {
    const user = await authenticateRequest(req);
    if (!user || !hasRole(user.role, 'viewer') || user.mustChangePassword) return { kind: 'unauthenticated' };
    const scope = await accessScopeFor(await getAuthDb(), user);
    return scope.kind === 'teams' && !scope.role ? { kind: 'no-team' } : { kind: 'allowed', scope };
  } catch {
    return { kind: 'unauthenticated' };
  }
}
