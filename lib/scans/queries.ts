/** Reading scans for the API and pages (server-only). */
import type { Db, Prisma } from '../db';
import type { ScanDto } from './dto';
import type { ScanProgress } from './progress';

const SCAN_SELECT = {
  id: true,
  clusterId: true,
  status: true,
  trigger: true,
  queuedAt: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  phase: true,
  progress: true,
  error: true,
  errorCode: true,
  kubernetesVersion: true,
  score: true,
  grade: true,
  resultsPassed: true,
  resultsFailed: true,
  resultsExcepted: true,
  findingsNew: true,
  findingsResolved: true,
  coverageGaps: true,
  cluster: { select: { name: true } },
  triggeredBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.ScanSelect;

type ScanRow = Prisma.ScanGetPayload<{ select: typeof SCAN_SELECT }>;

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function toScanDto(row: ScanRow): ScanDto {
  return {
    id: row.id,
    clusterId: row.clusterId,
    clusterName: row.cluster?.name ?? null,
    status: row.status,
    trigger: row.trigger,
    triggeredBy: row.triggeredBy,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs,
    phase: row.phase,
    progress: (row.progress as ScanProgress | null) ?? null,
    error: row.error,
    errorCode: row.errorCode,
    kubernetesVersion: row.kubernetesVersion,
    score: row.score,
    grade: row.grade,
    resultsPassed: row.resultsPassed,
    resultsFailed: row.resultsFailed,
    resultsExcepted: row.resultsExcepted,
    findingsNew: row.findingsNew,
    findingsResolved: row.findingsResolved,
    coverageGaps: Array.isArray(row.coverageGaps) ? (row.coverageGaps as ScanDto['coverageGaps']) : [],
  };
}

export async function getScan(db: Db, id: string): Promise<ScanDto | null> {
  const row = await db.scan.findUnique({ where: { id }, select: SCAN_SELECT });
  return row ? toScanDto(row) : null;
}

/** A cluster's scans, newest first. `before`: a scan id to page after. */
export async function listClusterScans(db: Db, clusterId: string, options: { limit?: number; before?: string } = {}): Promise<ScanDto[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await db.scan.findMany({
    where: { clusterId },
    select: SCAN_SELECT,
    orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
    take: limit,
    ...(options.before ? { cursor: { id: options.before }, skip: 1 } : {}),
  });
  return rows.map(toScanDto);
}
