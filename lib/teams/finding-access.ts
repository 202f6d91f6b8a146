/**
 * A caller's right to act on given findings: each must be inside their access scope (else: not
 * found, as if absent) and their role over it (lib/teams/scope.ts roleForFinding: the global role
 * with the fleet view, else the highest role of the teams whose scopes cover it) must reach `role`.
 */
import 'server-only';
import { type SessionUser } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { hasRole, ROLE_LABELS, type Role } from '@/lib/auth/roles';
import type { Db } from '@/lib/db';
import { findingsVisibleWhere, roleForFinding, type AccessScope } from './scope';

const asLabels = (v: unknown): Record<string, string> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : null);

export async function assertFindingRole(db: Db, user: SessionUser, scope: AccessScope, ids: readonly string[], role: Role, action: string): Promise<void> {
  const unique = [...new Set(ids)];
  const rows = await db.finding.findMany({
    where: { AND: [{ id: { in: unique } }, findingsVisibleWhere(scope)] },
    select: { id: true, clusterId: true, resourceNamespace: true, manifest: scope.kind === 'teams' && scope.rules.some((r) => r.kind === 'resource_label') ? { select: { body: true } } : false },
  });
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw new AppError(404, `No finding with id "${missing[0]}".`);
  if (scope.kind === 'fleet') {
    if (!hasRole(user.role, role)) throw new AppError(403, `${action} needs the ${ROLE_LABELS[role]} role.`);
    return;
  }
  const pairs = rows.filter((r) => r.resourceNamespace).map((r) => ({ clusterId: r.clusterId, name: r.resourceNamespace! }));
  const namespaces = pairs.length && scope.rules.some((r) => r.kind === 'namespace_label') ? await db.clusterNamespace.findMany({ where: { OR: pairs }, select: { clusterId: true, name: true, labels: true } }) : [];
  for (const r of rows) {
    const nsLabels = asLabels(namespaces.find((n) => n.clusterId === r.clusterId && n.name === r.resourceNamespace)?.labels);
    const body = (r as { manifest?: { body: unknown } | null }).manifest?.body as { metadata?: { labels?: unknown } } | undefined;
    const theirs = roleForFinding(user, scope, { clusterId: r.clusterId, namespace: r.resourceNamespace, namespaceLabels: nsLabels, resourceLabels: asLabels(body?.metadata?.labels) });
    if (!hasRole(theirs, role)) throw new AppError(403, `${action} needs the ${ROLE_LABELS[role]} role in a team that owns the finding.`);
  }
}
