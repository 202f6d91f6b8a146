/**
 * The one home of remediation-SLA numbers (no 'server-only': /metrics and the PDF worker read it):
 * per cluster, for the fleet, and per owning team, over some clusters (all when null):
 *
 *   tracked      open findings no active exception covers, of a severity with an SLA (the counts
 *                of lib/dashboard/open-counts.ts)
 *   overdue      tracked findings past their due date (by severity)
 *   dueSoon      tracked findings due within the week (by severity)
 *   compliance   (tracked − overdue) / tracked; null when nothing is tracked
 *   closed       (per team) findings of a severity with an SLA resolved in a window [since, now]
 *   closedOnTime of those, the ones resolved at or before their due date; closedOnTimeRatio =
 *                closedOnTime / closed (null when nothing was closed)
 *
 * One grouped query counts the findings by what their owner and due date depend on: cluster,
 * namespace, severity and, when a team scope selects resources by label, which of those selectors
 * the resource matches; per group, for every number of days some policy gives, how many are overdue
 * (due soon, resolved on time) with that many days. Each group's owner is resolved by the ownership
 * rule every row uses (lib/teams/owners.ts), and its days by the owner's policy (policyFor), which
 * picks the group's counts. So the numbers agree with each row's findingDue and with the browser's
 * SLA filter (lib/sla/where.ts), and the query's cost does not grow with teams or overrides.
 * Ownership and days are today's: a closed finding counts for the team that owns its resource now.
 */
import { Prisma, type Db } from '@/lib/db';
import { zeroSeverityCounts as zeroCounts, type SeverityCounts } from '@/lib/vocabulary';
import { loadStaleExceptionIds, notExceptedSql } from '@/lib/exceptions/active';
import { ownerRuleClauses } from '@/lib/teams/owner-where';
import { ownersOfFindings } from '@/lib/teams/owners';
import { parseLabelSelector } from '@/lib/teams/ownership';
import { findingsVisibleSql, FLEET, loadScopeRules, type AccessScope } from '@/lib/teams/scope';
import { dueRangeOf, firstSeenRange, policyFor, SLA_SEVERITIES, type SlaPolicies, type SlaPolicy, type SlaSeverity } from './policy';
import { getSlaPolicies } from './settings';
import { rangeSql } from './where';

export interface SlaCounts {
  /** Open, not excepted findings with an SLA. */
  tracked: number;
  overdue: SeverityCounts;
  dueSoon: SeverityCounts;
  overdueTotal: number;
  dueSoonTotal: number;
  /** (tracked − overdue) / tracked, 0–1; null when nothing is tracked. */
  compliance: number | null;
}

export interface TeamSlaRow extends SlaCounts {
  /** null: the findings no team owns. */
  teamId: string | null;
  teamName: string;
  /** The days this team's findings get (its overrides over the instance policy). */
  policy: SlaPolicy;
  closed: number;
  closedOnTime: number;
  closedOnTimeRatio: number | null;
}

export interface TeamSlaCompliance {
  /** The window of the closed counts. */
  since: string;
  now: string;
  /** Every team by name, then "Unowned" when it tracks or closed something. */
  teams: TeamSlaRow[];
}

export interface SlaNumbersOptions {
  /** Clusters to count (null: all). */
  clusterIds: readonly string[] | null;
  now?: Date;
  /** A further condition on `findings f` (a report's sections, severities, namespaces). */
  within?: Prisma.Sql;
  /** What the reader may see: a team member's numbers count their teams' findings only (and list the teams with any). */
  access?: AccessScope;
  /** Per-team rows too, with findings closed since `closedSince`; onlyWithTeams: none while no team exists. */
  teams?: { closedSince: Date; onlyWithTeams?: boolean };
}

export interface SlaNumbers {
  policies: SlaPolicies;
  clusters: Map<string, SlaCounts>;
  fleet: SlaCounts;
  /** Empty unless options.teams asked for them. */
  teams: TeamSlaRow[];
}

export const UNOWNED_LABEL = 'Unowned';
/** The closed-on-time window of the overview and /metrics, in days. */
export const TEAM_SLA_WINDOW_DAYS = 30;

interface Group {
  cluster_id: string;
  namespace: string | null;
  severity: SlaSeverity;
  /** Per resource-label rule, '1' when the resource matches it. */
  mask: string;
}

const ratio = (part: number, whole: number) => (whole ? part / whole : null);
const counts = (): SlaCounts => ({ tracked: 0, overdue: zeroCounts(), dueSoon: zeroCounts(), overdueTotal: 0, dueSoonTotal: 0, compliance: null });

function add(to: SlaCounts, severity: SlaSeverity, tracked: number, overdue: number, dueSoon: number) {
  to.tracked += tracked;
  to.overdue[severity] += overdue;
  to.dueSoon[severity] += dueSoon;
  to.overdueTotal += overdue;
  to.dueSoonTotal += dueSoon;
  to.compliance = ratio(to.tracked - to.overdueTotal, to.tracked);
}

export async function getSlaNumbers(db: Db, options: SlaNumbersOptions): Promise<SlaNumbers> {
  const now = options.now ?? new Date();
  const access = options.access ?? FLEET;
  const visible = findingsVisibleSql(access);
  const [policies, rules, stale, teams] = await Promise.all([
    getSlaPolicies(db),
    loadScopeRules(db),
    loadStaleExceptionIds(db, now),
    db.team.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  const byTeam = options.teams && !(options.teams.onlyWithTeams && !teams.length) ? options.teams : null;
  const owned = rules.length > 0;
  // Resource-label scopes: which of them each resource matches is part of the group (their manifests resolved up front).
  const labelClauses = owned ? await ownerRuleClauses(db, rules.filter((r) => r.kind === 'resource_label')) : [];
  const mask = labelClauses.length ? Prisma.sql`concat(${Prisma.join(labelClauses.map((c) => Prisma.sql`(CASE WHEN ${c.sql} THEN '1' ELSE '0' END)`), ', ')})` : Prisma.sql`''`;
  const days = [...new Set([policies.global, ...Object.keys(policies.teams).map((t) => policyFor(policies, t))].flatMap((p) => SLA_SEVERITIES.map((s) => p[s])))].sort((a, b) => a - b);
  const perDays = (when: (d: number) => Prisma.Sql) => Prisma.sql`ARRAY[${Prisma.join(days.map((d) => Prisma.sql`count(*) FILTER (WHERE ${when(d)})`))}]::int[]`;
  const inRange = (filter: 'overdue' | 'due-soon') => (d: number) => rangeSql(Prisma.sql`f.first_seen_at`, firstSeenRange(dueRangeOf(filter, now), d));
  const where = Prisma.join(
    [
      Prisma.sql`f.severity IN (${Prisma.join(SLA_SEVERITIES.map((s) => Prisma.sql`${s}::severity`))})`,
      ...(options.clusterIds ? [Prisma.sql`f.cluster_id = ANY(${[...options.clusterIds]}::text[])`] : []),
      ...(options.within ? [options.within] : []),
      ...(visible ? [visible] : []),
    ],
    ' AND ',
  );
  const [open, closed] = await Promise.all([
    db.$queryRaw<Array<Group & { tracked: number; overdue: number[]; due_soon: number[] }>>`
      SELECT f.cluster_id, f.resource_namespace AS namespace, f.severity::text AS severity, ${mask} AS mask, count(*)::int AS tracked,
             ${perDays(inRange('overdue'))} AS overdue, ${perDays(inRange('due-soon'))} AS due_soon
      FROM findings f
      WHERE f.status = 'open' AND ${notExceptedSql(stale)} AND ${where}
      GROUP BY 1, 2, 3, 4`,
    byTeam
      ? db.$queryRaw<Array<Group & { closed: number; on_time: number[] }>>`
          SELECT f.cluster_id, f.resource_namespace AS namespace, f.severity::text AS severity, ${mask} AS mask, count(*)::int AS closed,
                 ${perDays((d) => Prisma.sql`f.resolved_at <= f.first_seen_at + ${d * 86_400} * interval '1 second'`)} AS on_time
          FROM findings f
          WHERE f.status = 'resolved' AND f.resolved_at >= ${byTeam.closedSince} AND f.resolved_at <= ${now} AND ${where}
          GROUP BY 1, 2, 3, 4`
      : Promise.resolve([]),
  ]);

  // Each group's owner, by the rule every row uses: a matched label selector stands for the resource's labels.
  const key = (g: Group) => `${g.cluster_id}\u0000${g.namespace ?? ''}\u0000${g.mask}`;
  const groups = new Map([...open, ...closed].map((g) => [key(g), g]));
  const labelsOf = (m: string) => (labelClauses.length ? Object.assign({}, ...labelClauses.filter((_, i) => m[i] === '1').map((c) => parseLabelSelector(c.rule.value ?? '') ?? {})) : null);
  const owners = owned
    ? await ownersOfFindings(db, [...groups].map(([id, g]) => ({ id, clusterId: g.cluster_id, resourceNamespace: g.namespace, resourceLabels: labelsOf(g.mask) })), rules)
    : new Map<string, null>();
  const ownerOf = (g: Group) => owners.get(key(g)) ?? null;
  const at = (g: Group) => days.indexOf(policyFor(policies, ownerOf(g)?.teamId ?? null)[g.severity]);

  const clusters = new Map<string, SlaCounts>((options.clusterIds ?? []).map((id) => [id, counts()]));
  const fleet = counts();
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const rows = new Map<string | null, TeamSlaRow>();
  const row = (teamId: string | null) => {
    const id = teamId && names.has(teamId) ? teamId : null;
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { ...counts(), teamId: id, teamName: id ? names.get(id)! : UNOWNED_LABEL, policy: policyFor(policies, id), closed: 0, closedOnTime: 0, closedOnTimeRatio: null }));
    return r;
  };
  // Every team for the fleet; a team member sees their own teams, and others only where those own findings in their part.
  if (byTeam) for (const t of teams) if (access.kind === 'fleet' || access.teams.some((m) => m.id === t.id)) row(t.id);
  for (const g of open) {
    const i = at(g);
    const [overdue, dueSoon] = [g.overdue[i] ?? 0, g.due_soon[i] ?? 0];
    let c = clusters.get(g.cluster_id);
    if (!c) clusters.set(g.cluster_id, (c = counts()));
    add(c, g.severity, g.tracked, overdue, dueSoon);
    add(fleet, g.severity, g.tracked, overdue, dueSoon);
    if (byTeam) add(row(ownerOf(g)?.teamId ?? null), g.severity, g.tracked, overdue, dueSoon);
  }
  for (const g of closed) {
    const r = row(ownerOf(g)?.teamId ?? null);
    r.closed += g.closed;
    r.closedOnTime += g.on_time[at(g)] ?? 0;
    r.closedOnTimeRatio = ratio(r.closedOnTime, r.closed);
  }
  const order = new Map(teams.map((t, i) => [t.id, i]));
  const listed = [...rows.values()].sort((a, b) => (a.teamId === null ? 1 : b.teamId === null ? -1 : order.get(a.teamId)! - order.get(b.teamId)!));
  return { policies, clusters, fleet, teams: listed };
}

/** SLA numbers of these clusters (all clusters when null), and of all of them together (`fleet`); with a team-scoped `access`, of what it sees only. */
export async function getSlaCompliance(db: Db, clusterIds: readonly string[] | null, now = new Date(), access: AccessScope = FLEET): Promise<{ policies: SlaPolicies; clusters: Map<string, SlaCounts>; fleet: SlaCounts }> {
  const { policies, clusters, fleet } = await getSlaNumbers(db, { clusterIds, now, access });
  return { policies, clusters, fleet };
}

/** SLA numbers per owning team of these clusters, with findings closed since `since`. */
export async function getTeamSlaCompliance(db: Db, options: { clusterIds: readonly string[] | null; since: Date; now?: Date; within?: Prisma.Sql; access?: AccessScope; onlyWithTeams?: boolean }): Promise<TeamSlaCompliance> {
  const now = options.now ?? new Date();
  const { teams } = await getSlaNumbers(db, { clusterIds: options.clusterIds, now, within: options.within, access: options.access, teams: { closedSince: options.since, onlyWithTeams: options.onlyWithTeams } });
  return { since: options.since.toISOString(), now: now.toISOString(), teams };
}
