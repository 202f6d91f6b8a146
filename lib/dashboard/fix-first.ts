/**
 * The "fix first" read model: the workload ranking each cluster's latest successful scan stored
 * (lib/scans/workload-risk.ts), with the findings its reasons and attack paths rest on resolved to
 * finding ids so pages can link to them. Scores are the stored ones: nothing is recomputed here.
 *
 * Teams: with a team member's access scope only the workloads in their teams' namespaces (or in
 * clusters their teams own whole) are read, and only the findings they may see are linked
 * (lib/teams/scope.ts seesResource, findingsVisibleWhere).
 *
 * No 'server-only' import: the PDF report worker reads it too.
 */
import type { Db } from '@/lib/db';
import type { AttackPath, FindingLink, RiskFactor } from '@/lib/risk/types';
import { latestScanIds, latestSuccessfulScan, latestSuccessfulScans } from '@/lib/scans/latest';
import { FLEET, findingsVisibleWhere, seesResource, type AccessScope } from '@/lib/teams/scope';

export interface FixFirstRow {
  id: string;
  cluster: { id: string; name: string };
  scanId: string;
  rank: number;
  score: number;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  serviceAccount: string;
  factors: RiskFactor[];
  path: AttackPath | null;
  /** fingerprint → the finding row (id, whether it is still open) for every link of the row. */
  findings: Record<string, { id: string; status: 'open' | 'resolved' }>;
}

type Row = {
  id: string;
  clusterId: string;
  scanId: string;
  rank: number;
  score: number;
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  serviceAccount: string;
  factors: unknown;
  path: unknown;
};

function linksOf(factors: RiskFactor[], path: AttackPath | null): FindingLink[] {
  return [...factors.flatMap((f) => f.findings), ...(path?.hops.flatMap((h) => h.findings) ?? []), ...(path?.cut.finding ? [path.cut.finding] : [])];
}

async function hydrate(db: Db, rows: Row[], access: AccessScope): Promise<FixFirstRow[]> {
  if (rows.length === 0) return [];
  const clusterIds = [...new Set(rows.map((r) => r.clusterId))];
  const parsed = rows.map((r) => ({ row: r, factors: (Array.isArray(r.factors) ? r.factors : []) as RiskFactor[], path: (r.path ?? null) as AttackPath | null }));
  const fingerprints = [...new Set(parsed.flatMap((p) => linksOf(p.factors, p.path).map((l) => l.fingerprint)))];
  const [clusters, findings] = await Promise.all([
    db.cluster.findMany({ where: { id: { in: clusterIds } }, select: { id: true, name: true } }),
    fingerprints.length
      ? db.finding.findMany({ where: { clusterId: { in: clusterIds }, fingerprint: { in: fingerprints }, ...findingsVisibleWhere(access) }, select: { id: true, clusterId: true, fingerprint: true, status: true } })
      : Promise.resolve([]),
  ]);
  const names = new Map(clusters.map((c) => [c.id, c.name]));
  const byKey = new Map(findings.map((f) => [`${f.clusterId}/${f.fingerprint}`, { id: f.id, status: f.status as 'open' | 'resolved' }]));
  return parsed.map(({ row, factors, path }) => {
    const links: FixFirstRow['findings'] = {};
    for (const l of linksOf(factors, path)) {
      const hit = byKey.get(`${row.clusterId}/${l.fingerprint}`);
      if (hit) links[l.fingerprint] = hit;
    }
    return {
      id: row.id,
      cluster: { id: row.clusterId, name: names.get(row.clusterId) ?? '' },
      scanId: row.scanId,
      rank: row.rank,
      score: row.score,
      resource: { apiVersion: row.apiVersion, kind: row.kind, namespace: row.namespace, name: row.name },
      serviceAccount: row.serviceAccount,
      factors,
      path,
      findings: links,
    };
  });
}

async function latestScanIdOf(db: Db, clusterId: string): Promise<string | null> {
  const scan = await latestSuccessfulScan(db, clusterId, { id: true });
  return scan?.id ?? null;
}

/** The highest-ranked workloads of one cluster's latest scan, or of every cluster's (fleet) when clusterId is absent. */
export async function getFixFirst(
  db: Db,
  options: {
    clusterId?: string;
    limit?: number;
    /** These scans' rankings instead (a report's latest scans). */ scanIds?: readonly string[];
    /** The fleet narrowed to these clusters (the overview's filters). */ clusterIds?: readonly string[];
    /** The caller's access scope (default: the fleet). */ access?: AccessScope;
  } = {},
): Promise<FixFirstRow[]> {
  const access = options.access ?? FLEET;
  const scanIds = options.scanIds
    ? [...options.scanIds]
    : options.clusterId
      ? [await latestScanIdOf(db, options.clusterId)].filter((id): id is string => id !== null)
      : options.clusterIds
        ? [...(await latestSuccessfulScans(db, options.clusterIds, { id: true })).values()].map((s) => s.id)
        : await latestScanIds(db);
  if (scanIds.length === 0) return [];
  const limit = options.limit ?? 10;
  // A scan stores at most STORED_WORKLOAD_RISKS rows: a team member's are picked from them in memory.
  const rows = await db.workloadRisk.findMany({ where: { scanId: { in: scanIds } }, orderBy: [{ score: 'desc' }, { rank: 'asc' }, { id: 'asc' }], ...(access.kind === 'fleet' ? { take: limit } : {}) });
  return hydrate(db, access.kind === 'fleet' ? rows : rows.filter((r) => seesResource(access, r.clusterId, r.namespace)).slice(0, limit), access);
}

/** One ranked workload (its page: reasons and attack path); null when absent or outside the access scope. */
export async function getWorkloadRisk(db: Db, id: string, access: AccessScope = FLEET): Promise<FixFirstRow | null> {
  const row = await db.workloadRisk.findUnique({ where: { id } });
  return row && seesResource(access, row.clusterId, row.namespace) ? ((await hydrate(db, [row], access))[0] ?? null) : null;
}
