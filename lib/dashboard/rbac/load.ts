/**
 * Loading a scan's RBAC model from the database (server-only). The "rbac-snapshot" artifact of a
 * scan never changes, so built models are cached per scan id (a few, least recently used).
 *
 * Teams: a cluster outside the caller's access scope is not found; in a cluster the scope covers
 * only in part the model is built from the part of the artifact its namespaces may see
 * (lib/rbac/explorer/within.ts), cached per scan and scope.
 */
import type { Db } from '../../db';
import { isRbacArtifact, RBAC_ARTIFACT_KIND } from '../../rbac/explorer/artifact';
import { buildRbacModel, type RbacModel } from '../../rbac/explorer/model';
import { artifactWithin } from '../../rbac/explorer/within';
import { AppError } from '../../api/errors';
import { canSeeCluster, FLEET, seesNamespace, seesWholeCluster, type AccessScope } from '../../teams/scope';

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

function cached(key: string, build: () => RbacModel): RbacModel {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const model = build();
  cache.set(key, model);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return model;
}

/** The RBAC model of `scanId` (or of the cluster's newest scan with RBAC data), as the access scope sees it. */
export async function loadRbacModel(db: Db, clusterId: string, scanId?: string, access: AccessScope = FLEET): Promise<{ scan: RbacScanInfo; model: RbacModel }> {
  const cluster = canSeeCluster(access, clusterId) ? await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } }) : null;
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
  const full = await fullModel(db, scan.id);
  if (seesWholeCluster(access, clusterId)) return { scan: info, model: full };
  const part = access.kind === 'teams' ? access.area.clauses.filter((c) => c.clusterId === null || c.clusterId === clusterId) : [];
  const model = cached(`${scan.id}|${JSON.stringify(part)}`, () => buildRbacModel(artifactWithin(full.artifact, (namespace) => seesNamespace(access, clusterId, namespace))));
  return { scan: info, model };
}

async function fullModel(db: Db, scanId: string): Promise<RbacModel> {
  const hit = cache.get(scanId);
  if (hit) return cached(scanId, () => hit);
  const artifact = await db.scanArtifact.findUnique({ where: { scanId_kind: { scanId, kind: RBAC_ARTIFACT_KIND } }, select: { data: true } });
  if (!artifact || !isRbacArtifact(artifact.data)) {
    throw new RbacDataError(409, `Scan "${scanId}" has no RBAC data (it was taken before Rampart stored it, or it did not finish). Pick a newer scan or run one.`);
  }
  const data = artifact.data;
  return cached(scanId, () => buildRbacModel(data));
}
