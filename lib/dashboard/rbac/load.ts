/**
 * Loading a scan's RBAC model from the database (server-only). The "rbac-snapshot" artifact of a
 * scan never changes, so built models are cached per scan id (a few, least recently used).
 */
import type { Db } from '../../db';
import { isRbacArtifact, RBAC_ARTIFACT_KIND } from '../../rbac/explorer/artifact';
import { buildRbacModel, type RbacModel } from '../../rbac/explorer/model';
import { AppError } from '../../api/errors';

export class RbacDataError extends AppError {
  constructor(status: 404 | 409, message: string) {
    super(status, message, 'rbac-data');
  }
}

export interface RbacScanInfo {
  id: string;
  finishedAt: string | null;
  status: string;
}

const CACHE_SIZE = 8;
const cache = new Map<string, RbacModel>();

/** Scans of the cluster that carry RBAC data, newest first. */
export async function listRbacScans(db: Db, clusterId: string, limit = 50): Promise<RbacScanInfo[]> {
  const rows = await db.scan.findMany({
    where: { clusterId, artifacts: { some: { kind: RBAC_ARTIFACT_KIND } } },
    orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, finishedAt: true, status: true },
  });
  return rows.map((r) => ({ id: r.id, status: r.status, finishedAt: r.finishedAt?.toISOString() ?? null }));
}

/** The RBAC model of `scanId` (or of the cluster's newest scan with RBAC data). */
export async function loadRbacModel(db: Db, clusterId: string, scanId?: string): Promise<{ scan: RbacScanInfo; model: RbacModel }> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
  if (!cluster) throw new RbacDataError(404, `No cluster with id "${clusterId}": it may have been deleted.`); // tests/rbac/load.test.ts holds it to RbacDataError
  const scan = scanId
    ? await db.scan.findFirst({ where: { id: scanId, clusterId }, select: { id: true, finishedAt: true, status: true } })
    : (await listRbacScans(db, clusterId, 1))[0];
  if (!scan) {
    throw new RbacDataError(
      404,
      scanId ? `Scan "${scanId}" does not belong to this cluster.` : 'This cluster has no scan with RBAC data yet. Run a scan (Scan now on the cluster page) and come back when it has finished.',
    );
  }
  const info: RbacScanInfo = { id: scan.id, status: scan.status, finishedAt: scan.finishedAt instanceof Date ? scan.finishedAt.toISOString() : (scan.finishedAt ?? null) };
  const cached = cache.get(scan.id);
  if (cached) {
    cache.delete(scan.id);
    cache.set(scan.id, cached);
    return { scan: info, model: cached };
  }
  const artifact = await db.scanArtifact.findUnique({ where: { scanId_kind: { scanId: scan.id, kind: RBAC_ARTIFACT_KIND } }, select: { data: true } });
  if (!artifact || !isRbacArtifact(artifact.data)) {
    throw new RbacDataError(409, `Scan "${scan.id}" has no RBAC data (it was taken before Rampart stored it, or it did not finish). Pick a newer scan or run one.`);
  }
  const model = buildRbacModel(artifact.data);
  cache.set(scan.id, model);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return { scan: info, model };
}
