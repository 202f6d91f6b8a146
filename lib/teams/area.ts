/**
 * A part of the fleet, as queries need it: the union of some team scopes (lib/teams/ownership.ts)
 * with namespace labels already resolved to namespace names. Built by lib/teams/scope.ts; turned
 * here into WHERE clauses for findings (Prisma and SQL, the same rows: tests/teams/area.test.ts),
 * clusters and namespaces.
 *
 * A clause matches inside one cluster (clusterId) or every cluster (null):
 *   - nothing else set: the whole cluster;
 *   - namespaces: one of these namespaces;
 *   - glob: a namespace name matching the glob (lib/teams/ownership.ts parseGlob);
 *   - manifests: findings whose stored manifest (ResourceDocument) is one of these: a resource-label
 *     scope, resolved up front to the manifests whose metadata.labels match (a plain id list keeps
 *     both forms exact under NOT, where a JSON filter would be NULL).
 * An area with no clause matches nothing.
 */
import { Prisma } from '@/lib/db';
import { globMatches, parseGlob, parseLabelSelector, type ScopeRule } from './ownership';

export interface AreaClause {
  clusterId: string | null;
  namespaces?: string[];
  glob?: string;
  manifests?: string[];
}

export interface Area {
  clauses: AreaClause[];
}

/** Namespaces carrying a label, per cluster: how namespace_label scopes are resolved. */
export type NamespaceLabelIndex = Array<{ clusterId: string; name: string; labels: Readonly<Record<string, string>> }>;

/** The manifests (ResourceDocument ids, per cluster) matching each resource-label rule, by resourceRuleKey. */
export type ManifestIndex = Map<string, Array<{ clusterId: string; id: string }>>;

export const resourceRuleKey = (rule: Pick<ScopeRule, 'clusterId' | 'value'>) => `${rule.clusterId ?? '*'}|${rule.value ?? ''}`;

/** The area a set of scope rules covers, with namespace labels and resource labels resolved. */
export function areaOf(rules: readonly ScopeRule[], namespaces: NamespaceLabelIndex, manifests: ManifestIndex = new Map()): Area {
  const clauses: AreaClause[] = [];
  for (const rule of rules) {
    const value = rule.value ?? '';
    switch (rule.kind) {
      case 'cluster':
        clauses.push({ clusterId: rule.clusterId });
        break;
      case 'namespace':
        clauses.push({ clusterId: rule.clusterId, namespaces: [value] });
        break;
      case 'namespace_glob':
        if (parseGlob(value)) clauses.push({ clusterId: rule.clusterId, glob: value });
        break;
      case 'namespace_label': {
        const wanted = parseLabelSelector(value);
        if (!wanted) break;
        const byCluster = new Map<string, string[]>();
        for (const ns of namespaces) {
          if (rule.clusterId !== null && ns.clusterId !== rule.clusterId) continue;
          if (!Object.entries(wanted).every(([k, v]) => ns.labels[k] === v)) continue;
          byCluster.set(ns.clusterId, [...(byCluster.get(ns.clusterId) ?? []), ns.name]);
        }
        for (const [clusterId, names] of byCluster) clauses.push({ clusterId, namespaces: names });
        break;
      }
      case 'resource_label': {
        const byCluster = new Map<string, string[]>();
        for (const m of manifests.get(resourceRuleKey(rule)) ?? []) byCluster.set(m.clusterId, [...(byCluster.get(m.clusterId) ?? []), m.id]);
        for (const [clusterId, ids] of byCluster) clauses.push({ clusterId, manifests: ids });
        break;
      }
    }
  }
  return { clauses };
}

function globWhere(glob: string): Prisma.StringNullableFilter<'Finding'> {
  const g = parseGlob(glob)!;
  if (g.anyBefore && g.anyAfter) return { contains: g.text, not: null };
  if (g.anyAfter) return { startsWith: g.text, not: null };
  return { endsWith: g.text, not: null };
}

/** The part of the area inside one cluster: its clauses for that cluster or for every cluster, pinned to it. */
export function areaInCluster(area: Area, clusterId: string): Area {
  return { clauses: area.clauses.filter((c) => c.clusterId === null || c.clusterId === clusterId).map((c) => ({ ...c, clusterId })) };
}

/**
 * The namespace names the area's namespace clauses allow, as a filter on a namespace column
 * (NamespaceScore.namespace); null when no clause grants namespaces (resource labels only).
 * The exact rule stays namespaceInArea; this narrows a query to what it may keep.
 */
export function namespaceFilterOfArea(area: Area): Prisma.StringFilter[] | null {
  const out: Prisma.StringFilter[] = [];
  for (const c of area.clauses) {
    if (c.manifests) continue;
    if (c.namespaces) out.push({ in: c.namespaces });
    else if (c.glob) {
      const { not: _not, ...filter } = globWhere(c.glob);
      out.push(filter as Prisma.StringFilter);
    } else return [{}];
  }
  return out.length ? out : null;
}

function clauseWhere(c: AreaClause): Prisma.FindingWhereInput {
  const and: Prisma.FindingWhereInput[] = [];
  if (c.clusterId !== null) and.push({ clusterId: c.clusterId });
  // `not: null` keeps each clause true or false (never SQL NULL), so NOT (area) is exact too.
  if (c.namespaces) and.push({ resourceNamespace: { in: c.namespaces, not: null } });
  if (c.glob) and.push({ resourceNamespace: globWhere(c.glob) });
  if (c.manifests) and.push({ manifestHash: { in: c.manifests, not: null } });
  return and.length ? { AND: and } : {};
}

/** Findings inside the area. */
export function findingsInArea(area: Area): Prisma.FindingWhereInput {
  if (!area.clauses.length) return { id: { in: [] } };
  return { OR: area.clauses.map(clauseWhere) };
}

/** Findings outside the area (e.g. outside every team's area: unowned). */
export function findingsOutsideArea(area: Area): Prisma.FindingWhereInput {
  return area.clauses.length ? { NOT: findingsInArea(area) } : {};
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function clauseSql(c: AreaClause): Prisma.Sql {
  const and: Prisma.Sql[] = [];
  if (c.clusterId !== null) and.push(Prisma.sql`f.cluster_id = ${c.clusterId}`);
  if (c.namespaces) and.push(Prisma.sql`COALESCE(f.resource_namespace = ANY(${c.namespaces}::text[]), false)`);
  if (c.glob) {
    const g = parseGlob(c.glob)!;
    const pattern = `${g.anyBefore ? '%' : ''}${likeEscape(g.text)}${g.anyAfter ? '%' : ''}`;
    and.push(Prisma.sql`COALESCE(f.resource_namespace LIKE ${pattern}, false)`);
  }
  if (c.manifests) and.push(Prisma.sql`COALESCE(f.manifest_hash = ANY(${c.manifests}::text[]), false)`);
  return and.length ? Prisma.sql`(${Prisma.join(and, ' AND ')})` : Prisma.sql`TRUE`;
}

/** SQL form of findingsInArea over `findings f`. */
export function findingsInAreaSql(area: Area): Prisma.Sql {
  if (!area.clauses.length) return Prisma.sql`FALSE`;
  return Prisma.sql`(${Prisma.join(area.clauses.map(clauseSql), ' OR ')})`;
}

/** SQL form of findingsOutsideArea over `findings f`. */
export function findingsOutsideAreaSql(area: Area): Prisma.Sql {
  return area.clauses.length ? Prisma.sql`NOT ${findingsInAreaSql(area)}` : Prisma.sql`TRUE`;
}

/** The clusters the area touches: 'all' when a clause spans every cluster. */
export function clustersOfArea(area: Area): string[] | 'all' {
  if (area.clauses.some((c) => c.clusterId === null)) return 'all';
  return [...new Set(area.clauses.map((c) => c.clusterId!))];
}

/** Clusters the area covers entirely (a whole-cluster clause): their cluster-wide numbers are the area's own. */
export function wholeClustersOfArea(area: Area): string[] | 'all' {
  const whole = area.clauses.filter((c) => !c.namespaces && !c.glob && !c.manifests);
  if (whole.some((c) => c.clusterId === null)) return 'all';
  return [...new Set(whole.map((c) => c.clusterId!))];
}

/** Whether a namespace of a cluster lies inside the area (resource-label clauses grant single resources, not namespaces). */
export function namespaceInArea(area: Area, clusterId: string, namespace: string): boolean {
  return area.clauses.some((c) => {
    if (c.clusterId !== null && c.clusterId !== clusterId) return false;
    if (c.manifests) return false;
    if (c.namespaces) return c.namespaces.includes(namespace);
    if (c.glob) return globMatches(c.glob, namespace);
    return true;
  });
}
