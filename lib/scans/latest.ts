/**
 * Which scans count as a cluster's successful scans, and which one is its latest: the one definition
 * every page, export, report, metric, notification and score recomputation reads.
 *
 * A successful scan has status `succeeded` and a finish time (every succeeded scan has one; the
 * condition keeps PostgreSQL's NULLS FIRST from ever ranking a row without one first). The latest
 * is the one that finished last. No 'server-only' import: the worker and the CLI read it too.
 */
import { Prisma, type Db, type DbTransaction } from '@/lib/db';

/** Anything that reads scans: the client or a transaction. */
export type ScanReader = Pick<DbTransaction, 'scan'>;

/** Newest first, by finish time: the order of the index on (cluster, status, finished at). */
export const NEWEST_FIRST = { finishedAt: 'desc' } satisfies Prisma.ScanOrderByWithRelationInput;

type FinishedAtFilter = Omit<Prisma.DateTimeNullableFilter<'Scan'>, 'not' | 'equals'>;

/** Where-clause of successful scans, narrowed by `where` (its `finishedAt` bounds are kept). */
export function successfulScans(where: Omit<Prisma.ScanWhereInput, 'status' | 'finishedAt'> & { finishedAt?: FinishedAtFilter } = {}): Prisma.ScanWhereInput {
  return { ...where, status: 'succeeded', finishedAt: { ...where.finishedAt, not: null } };
}

/** SQL form of successfulScans, over the scans table aliased `alias` (hand-written queries). */
export function successfulScanSql(alias: string): Prisma.Sql {
  const s = Prisma.raw(alias);
  return Prisma.sql`${s}.status = 'succeeded' AND ${s}.finished_at IS NOT NULL`;
}

type Narrowing = Parameters<typeof successfulScans>[0];

/** The cluster's `take` newest successful scans (matching `where`), newest first. */
export async function recentSuccessfulScans<S extends Prisma.ScanSelect>(db: ScanReader, clusterId: string, select: S, take: number, where: Narrowing = {}): Promise<Array<Prisma.ScanGetPayload<{ select: S }>>> {
  return (await db.scan.findMany({ where: successfulScans({ ...where, clusterId }), orderBy: NEWEST_FIRST, take, select })) as Array<Prisma.ScanGetPayload<{ select: S }>>;
}

/** The cluster's latest successful scan (matching `where`, e.g. finished before a date), or null. */
export async function latestSuccessfulScan<S extends Prisma.ScanSelect>(db: ScanReader, clusterId: string, select: S, where: Narrowing = {}): Promise<Prisma.ScanGetPayload<{ select: S }> | null> {
  return (await db.scan.findFirst({ where: successfulScans({ ...where, clusterId }), orderBy: NEWEST_FIRST, select })) as Prisma.ScanGetPayload<{ select: S }> | null;
}

/** The latest successful scan of each of these clusters (one index range scan each), by cluster id; clusters without one are absent. */
export async function latestSuccessfulScans<S extends Prisma.ScanSelect>(db: ScanReader, clusterIds: readonly string[], select: S, where: Narrowing = {}): Promise<Map<string, Prisma.ScanGetPayload<{ select: S }>>> {
  const rows = await Promise.all(clusterIds.map(async (id) => [id, await latestSuccessfulScan(db, id, select, where)] as const));
  return new Map(rows.filter((r): r is [string, Prisma.ScanGetPayload<{ select: S }>] => r[1] !== null));
}

/** Ids of the latest successful scan of every cluster, for fleet-wide reads: one index probe per cluster (LATERAL), never the scan history. */
export async function latestScanIds(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT s.id FROM clusters c
    CROSS JOIN LATERAL (
      SELECT s.id FROM scans s
      WHERE s.cluster_id = c.id AND ${successfulScanSql('s')}
      ORDER BY s.finished_at DESC LIMIT 1
    ) s
    ORDER BY c.id`;
  return rows.map((r) => r.id);
}

export interface LatestQueuedScan {
  id: string;
  clusterId: string;
  status: string;
  queuedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

/**
 * The most recently queued scan (any status) of each of these clusters: one index probe per
 * cluster (LATERAL on the (cluster, queued at) index), not every cluster's scan history.
 */
export async function latestQueuedScans(db: Db, clusterIds: readonly string[]): Promise<LatestQueuedScan[]> {
  if (clusterIds.length === 0) return [];
  return db.$queryRaw<LatestQueuedScan[]>`
    SELECT s.id, s.cluster_id AS "clusterId", s.status::text AS status, s.queued_at AS "queuedAt", s.finished_at AS "finishedAt", s.error
    FROM unnest(${[...clusterIds]}::text[]) AS c(id)
    CROSS JOIN LATERAL (SELECT * FROM scans WHERE cluster_id = c.id ORDER BY queued_at DESC LIMIT 1) s
    ORDER BY s.cluster_id`;
}
