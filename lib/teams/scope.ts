/**
 * What a user may see: the fleet, or the part of it their teams own. The one access rule that
 * route handlers (withAuth hands it over as `ctx.scope`) and pages (requireScope) apply.
 *
 * - An admin, or a user with fleet access (User.fleetAccess, on for everyone who existed before
 *   teams), sees every cluster with their global role.
 * - Anyone else sees the union of their teams' scopes, and their role is the one their team
 *   membership gives: the highest of them for what the route allows, and within a given finding
 *   the highest among the teams whose scopes cover it (roleForFinding).
 * - A team-scoped user in no team sees nothing and may do nothing.
 */
import type { Db } from '@/lib/db';
import { hasRole, isRole, type Role } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/auth/types';
import { Prisma } from '@/lib/db';
import { areaOf, clustersOfArea, findingsInArea, findingsInAreaSql, namespaceInArea, resourceRuleKey, wholeClustersOfArea, type Area, type ManifestIndex, type NamespaceLabelIndex } from './area';
import { parseLabelSelector, ruleMatches, SCOPE_KINDS, type OwnershipTarget, type ScopeKind, type ScopeRule } from './ownership';

export interface ScopedTeam {
  id: string;
  name: string;
  role: Role;
}

export type AccessScope =
  | { kind: 'fleet' }
  | {
      kind: 'teams';
      teams: ScopedTeam[];
      /** Highest role among the memberships; null: in no team. */
      role: Role | null;
      rules: ScopeRule[];
      area: Area;
    };

export const FLEET: AccessScope = { kind: 'fleet' };

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };
const highest = (roles: Role[]): Role | null => roles.reduce<Role | null>((best, r) => (!best || RANK[r] > RANK[best] ? r : best), null);

/** Scope rows as the resolver reads them. */
export function rulesOf(rows: Array<{ teamId: string; clusterId: string | null; kind: string; value: string | null; team: { name: string } }>): ScopeRule[] {
  return rows
    .filter((r) => (SCOPE_KINDS as readonly string[]).includes(r.kind))
    .map((r) => ({ teamId: r.teamId, teamName: r.team.name, clusterId: r.clusterId, kind: r.kind as ScopeKind, value: r.value }));
}

/** The namespaces and labels of the latest scans, when some rule needs them (namespace_label). */
export async function namespaceIndexFor(db: Db, rules: readonly ScopeRule[]): Promise<NamespaceLabelIndex> {
  if (!rules.some((r) => r.kind === 'namespace_label')) return [];
  const rows = await db.clusterNamespace.findMany({ select: { clusterId: true, name: true, labels: true } });
  return rows.map((r) => ({ clusterId: r.clusterId, name: r.name, labels: (r.labels ?? {}) as Record<string, string> }));
}

/** Every team's scope rules (or some teams'), for ownership and the team filter. */
export async function loadScopeRules(db: Db, teamIds?: readonly string[]): Promise<ScopeRule[]> {
  const rows = await db.teamScope.findMany({
    where: teamIds ? { teamId: { in: [...teamIds] } } : {},
    select: { teamId: true, clusterId: true, kind: true, value: true, team: { select: { name: true } } },
    orderBy: { id: 'asc' },
  });
  return rulesOf(rows);
}

/**
 * The stored manifests whose own labels match each resource-label rule (one query per rule).
 * Manifests are content-addressed, so a finding points at the manifest of its last scan.
 */
export async function manifestIndexFor(db: Db, rules: readonly ScopeRule[]): Promise<ManifestIndex> {
  const index: ManifestIndex = new Map();
  for (const rule of rules) {
    const labels = rule.kind === 'resource_label' ? parseLabelSelector(rule.value ?? '') : null;
    if (!labels || index.has(resourceRuleKey(rule))) continue;
    const checks = Object.entries(labels).map(([k, v]) => Prisma.sql`body->'metadata'->'labels'->>(${k}::text) = ${v}::text`);
    const rows = await db.$queryRaw<Array<{ id: string; cluster_id: string }>>`SELECT id, cluster_id FROM resource_documents WHERE ${rule.clusterId ? Prisma.sql`cluster_id = ${rule.clusterId} AND ` : Prisma.empty}${Prisma.join(checks, ' AND ')}`;
    index.set(resourceRuleKey(rule), rows.map((r) => ({ clusterId: r.cluster_id, id: r.id })));
  }
  return index;
}

/** The area some rules cover, namespace and resource labels resolved. */
export async function areaFor(db: Db, rules: readonly ScopeRule[]): Promise<Area> {
  const [namespaces, manifests] = await Promise.all([namespaceIndexFor(db, rules), manifestIndexFor(db, rules)]);
  return areaOf(rules, namespaces, manifests);
}

/** The access scope of a signed-in user (one query for fleet users, two or three otherwise). */
export async function accessScopeFor(db: Db, user: Pick<SessionUser, 'id' | 'role'>): Promise<AccessScope> {
  if (user.role === 'admin') return FLEET;
  const row = await db.user.findUnique({
    where: { id: user.id },
    select: { fleetAccess: true, teamMemberships: { select: { role: true, team: { select: { id: true, name: true } } } } },
  });
  // Fail closed: a user row that cannot be read grants nothing.
  if (!row) return { kind: 'teams', teams: [], role: null, rules: [], area: { clauses: [] } };
  if (row.fleetAccess) return FLEET;
  const teams = row.teamMemberships
    .filter((m) => isRole(m.role))
    .map((m) => ({ id: m.team.id, name: m.team.name, role: m.role as Role }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const rules = teams.length ? await loadScopeRules(db, teams.map((t) => t.id)) : [];
  return { kind: 'teams', teams, role: highest(teams.map((t) => t.role)), rules, area: await areaFor(db, rules) };
}

/**
 * The scope of some teams taken together (what a report made for them covers), as if seen by a
 * member of each with the viewer role; the fleet for none. Teams deleted since are left out.
 */
export async function scopeOfTeams(db: Db, teamIds: readonly string[]): Promise<AccessScope> {
  if (!teamIds.length) return FLEET;
  const rows = await db.team.findMany({ where: { id: { in: [...teamIds] } }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  const rules = rows.length ? await loadScopeRules(db, rows.map((t) => t.id)) : [];
  return { kind: 'teams', teams: rows.map((t) => ({ ...t, role: 'viewer' })), role: rows.length ? 'viewer' : null, rules, area: await areaFor(db, rules) };
}

/** The role that counts for what a route or page allows: the global one for the fleet, the highest team role otherwise. */
export function effectiveRole(user: Pick<SessionUser, 'role'>, scope: AccessScope): Role | null {
  return scope.kind === 'fleet' ? user.role : scope.role;
}

/** Whether the scope lets the user act with at least `required` on anything. */
export function scopeAllows(user: Pick<SessionUser, 'role'>, scope: AccessScope, required: Role): boolean {
  return hasRole(effectiveRole(user, scope), required);
}

/** Findings the scope may see (AND it into any findings query). */
export function findingsVisibleWhere(scope: AccessScope): Prisma.FindingWhereInput {
  return scope.kind === 'fleet' ? {} : findingsInArea(scope.area);
}

/** SQL form of findingsVisibleWhere over `findings f`; null for the fleet (no condition). */
export function findingsVisibleSql(scope: AccessScope): Prisma.Sql | null {
  return scope.kind === 'fleet' ? null : findingsInAreaSql(scope.area);
}

/**
 * Accepted-risk exceptions the scope may see: one on a finding it sees, or a check-wide one that
 * now covers a finding it sees (requested or lapsed check-wide exceptions stay with the fleet).
 */
export function exceptionsVisibleWhere(scope: AccessScope): Prisma.RiskExceptionWhereInput {
  if (scope.kind === 'fleet') return {};
  const visible = findingsInArea(scope.area);
  return { OR: [{ scope: 'finding', finding: { is: visible } }, { scope: 'check', covers: { some: visible } }] };
}

/** Clusters the scope touches (a namespace of theirs counts). */
export function clustersVisibleWhere(scope: AccessScope): Prisma.ClusterWhereInput {
  if (scope.kind === 'fleet') return {};
  const ids = clustersOfArea(scope.area);
  return ids === 'all' ? {} : { id: { in: ids } };
}

/** The ids of the clusters the scope touches; null: every cluster. */
export function visibleClusterIds(scope: AccessScope): string[] | null {
  if (scope.kind === 'fleet') return null;
  const ids = clustersOfArea(scope.area);
  return ids === 'all' ? null : ids;
}

export function canSeeCluster(scope: AccessScope, clusterId: string): boolean {
  const ids = visibleClusterIds(scope);
  return ids === null || ids.includes(clusterId);
}

/** Whether the scope covers the whole cluster, so its cluster-wide numbers (score, trends, RBAC, scans) are the user's to see. */
export function seesWholeCluster(scope: AccessScope, clusterId: string): boolean {
  if (scope.kind === 'fleet') return true;
  const ids = wholeClustersOfArea(scope.area);
  return ids === 'all' || ids.includes(clusterId);
}

/** Whether a namespace of a cluster is inside the scope. */
export function seesNamespace(scope: AccessScope, clusterId: string, namespace: string): boolean {
  return scope.kind === 'fleet' || namespaceInArea(scope.area, clusterId, namespace);
}

/**
 * Whether a resource of a cluster (namespace null: cluster-scoped) is inside the scope: the test for
 * what is not a findings row (workloads, images, RBAC objects, ranked workloads). A cluster-scoped
 * resource needs the whole cluster; resource-label scopes grant findings only.
 */
export function seesResource(scope: AccessScope, clusterId: string, namespace: string | null | undefined): boolean {
  return namespace ? seesNamespace(scope, clusterId, namespace) : seesWholeCluster(scope, clusterId);
}

/** The role the user has over one finding: the global role for the fleet, else the highest role of the teams whose scopes cover it. */
export function roleForFinding(user: Pick<SessionUser, 'role'>, scope: AccessScope, target: OwnershipTarget): Role | null {
  if (scope.kind === 'fleet') return user.role;
  const covering = new Set(scope.rules.filter((r) => ruleMatches(r, target)).map((r) => r.teamId));
  return highest(scope.teams.filter((t) => covering.has(t.id)).map((t) => t.role));
}
