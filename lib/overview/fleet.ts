/**
 * The Overview page's data: every registered cluster with its connection status (from the
 * last connection test or scan), its latest scan and latest score, and open findings by
 * severity — in four queries whatever the fleet size.
 */
import type { PrismaClient, Severity } from '@/lib/generated/prisma/client';

export type ConnectionState = 'connected' | 'unreachable' | 'untested' | 'disabled';

export interface FleetCluster {
  id: string;
  name: string;
  environment: string;
  apiServerUrl: string | null;
  serverVersion: string | null;
  connection: { state: ConnectionState; checkedAt: string | null; message: string | null };
  latestScan: { id: string; status: string; at: string; error: string | null } | null;
  latestScore: { scanId: string; score: number; grade: string; at: string } | null;
  openFindings: Record<Severity, number>;
}

export interface FleetOverview {
  clusters: FleetCluster[];
  totals: {
    clusters: number;
    connected: number;
    unreachable: number;
    untested: number;
    disabled: number;
    scanned: number;
    /** Mean of the clusters' latest scores; null before any scan succeeded. */
    averageScore: number | null;
    openFindings: Record<Severity, number>;
  };
}

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const zeroCounts = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

function connectionState(c: { enabled: boolean; lastConnectionOk: boolean | null }): ConnectionState {
  if (!c.enabled) return 'disabled';
  if (c.lastConnectionOk === null) return 'untested';
  return c.lastConnectionOk ? 'connected' : 'unreachable';
}

export async function getFleetOverview(db: PrismaClient): Promise<FleetOverview> {
  const clusters = await db.cluster.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      environment: true,
      enabled: true,
      apiServerUrl: true,
      serverVersion: true,
      lastConnectionAt: true,
      lastConnectionOk: true,
      lastConnectionMessage: true,
    },
  });
  const ids = clusters.map((c) => c.id);
  const [latestScans, latestScored, findingCounts] = ids.length
    ? await Promise.all([
        db.scan.findMany({
          where: { clusterId: { in: ids } },
          distinct: ['clusterId'],
          orderBy: [{ clusterId: 'asc' }, { queuedAt: 'desc' }],
          select: { id: true, clusterId: true, status: true, queuedAt: true, finishedAt: true, error: true },
        }),
        db.scan.findMany({
          where: { clusterId: { in: ids }, status: 'succeeded', score: { not: null } },
          distinct: ['clusterId'],
          orderBy: [{ clusterId: 'asc' }, { finishedAt: 'desc' }],
          select: { id: true, clusterId: true, score: true, grade: true, finishedAt: true, queuedAt: true },
        }),
        db.finding.groupBy({ by: ['clusterId', 'severity'], where: { status: 'open', clusterId: { in: ids } }, _count: { _all: true } }),
      ])
    : [[], [], []];

  const scanBy = new Map(latestScans.map((s) => [s.clusterId, s]));
  const scoreBy = new Map(latestScored.map((s) => [s.clusterId, s]));
  const findingsBy = new Map<string, Record<Severity, number>>();
  for (const row of findingCounts) {
    const counts = findingsBy.get(row.clusterId) ?? zeroCounts();
    counts[row.severity] = row._count._all;
    findingsBy.set(row.clusterId, counts);
  }

  const fleet: FleetCluster[] = clusters.map((c) => {
    const scan = scanBy.get(c.id);
    const scored = scoreBy.get(c.id);
    return {
      id: c.id,
      name: c.name,
      environment: c.environment,
      apiServerUrl: c.apiServerUrl,
      serverVersion: c.serverVersion,
      connection: {
        state: connectionState(c),
        checkedAt: c.lastConnectionAt?.toISOString() ?? null,
        message: c.lastConnectionMessage,
      },
      latestScan: scan ? { id: scan.id, status: scan.status, at: (scan.finishedAt ?? scan.queuedAt).toISOString(), error: scan.error } : null,
      latestScore:
        scored && scored.score !== null
          ? { scanId: scored.id, score: scored.score, grade: scored.grade ?? '', at: (scored.finishedAt ?? scored.queuedAt).toISOString() }
          : null,
      openFindings: findingsBy.get(c.id) ?? zeroCounts(),
    };
  });

  const scores = fleet.flatMap((c) => (c.latestScore ? [c.latestScore.score] : []));
  const openFindings = zeroCounts();
  for (const c of fleet) for (const s of SEVERITIES) openFindings[s] += c.openFindings[s];
  const count = (state: ConnectionState) => fleet.filter((c) => c.connection.state === state).length;
  return {
    clusters: fleet,
    totals: {
      clusters: fleet.length,
      connected: count('connected'),
      unreachable: count('unreachable'),
      untested: count('untested'),
      disabled: count('disabled'),
      scanned: scores.length,
      averageScore: scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      openFindings,
    },
  };
}
