/**
 * The check catalog with fleet-wide results: for every check, passed / failed / excepted summed
 * over the latest successful scan of each cluster (ScanCheckAggregate), and how many clusters fail it.
 * With a team-scoped access scope: over the clusters it sees, each as its view shows it (a team's
 * part of a cluster by its namespaces' results, lib/dashboard/part-scores.ts checkCountsAt).
 */
import 'server-only';
import { CHECKS } from '@/lib/checks';
import { frameworksFor, type FrameworkMapping } from '@/lib/checks/frameworks';
import type { Remediation, SectionId, Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { latestScanIds, latestSuccessfulScans } from '@/lib/scans/latest';
import { clusterViewsOf } from '@/lib/teams/cluster-view';
import { FLEET, clustersVisibleWhere, type AccessScope } from '@/lib/teams/scope';
import { checkCountsAt } from './part-scores';

export interface CatalogCheck {
  id: string;
  title: string;
  section: SectionId;
  severity: Severity;
  guideRef: string;
  description: string;
  remediation: Remediation;
  frameworks: FrameworkMapping;
  /** null: no cluster's latest scan produced a result for this check. */
  fleet: { passed: number; failed: number; excepted: number; clustersFailing: number; clustersScanned: number } | null;
}

export { latestScanIds };

/** The per-check results of the latest scans the scope sees (every cluster's for the fleet). */
async function latestResults(db: Db, scope: AccessScope): Promise<{ scanIds: string[]; aggs: Array<{ checkId: string; passed: number; failed: number; excepted: number }> }> {
  if (scope.kind === 'fleet') {
    const scanIds = await latestScanIds(db);
    return { scanIds, aggs: scanIds.length ? await db.scanCheckAggregate.findMany({ where: { scanId: { in: scanIds } }, select: { checkId: true, passed: true, failed: true, excepted: true } }) : [] };
  }
  const ids = (await db.cluster.findMany({ where: clustersVisibleWhere(scope), select: { id: true } })).map((c) => c.id);
  const scans = [...(await latestSuccessfulScans(db, ids, { id: true, clusterId: true })).values()];
  const counts = await checkCountsAt(db, scans, clusterViewsOf(scope, ids));
  return { scanIds: scans.map((s) => s.id), aggs: [...counts.values()].flatMap((m) => [...m].map(([checkId, c]) => ({ checkId, ...c }))) };
}

export async function getCheckCatalog(db: Db, scope: AccessScope = FLEET): Promise<{ checks: CatalogCheck[]; clustersScanned: number }> {
  const { scanIds, aggs } = await latestResults(db, scope);
  const fleet = new Map<string, NonNullable<CatalogCheck['fleet']>>();
  for (const a of aggs) {
    let f = fleet.get(a.checkId);
    if (!f) fleet.set(a.checkId, (f = { passed: 0, failed: 0, excepted: 0, clustersFailing: 0, clustersScanned: scanIds.length }));
    f.passed += a.passed;
    f.failed += a.failed;
    f.excepted += a.excepted;
    if (a.failed > 0) f.clustersFailing++;
  }
  return {
    clustersScanned: scanIds.length,
    checks: CHECKS.map((c) => ({
      id: c.id,
      title: c.title,
      section: c.section,
      severity: c.severity,
      guideRef: c.guideRef,
      description: c.description,
      remediation: c.remediation,
      frameworks: frameworksFor(c.id),
      fleet: fleet.get(c.id) ?? null,
    })),
  };
}
