/**
 * The check catalog with fleet-wide results: for every check, passed / failed / excepted summed
 * over the latest successful scan of each cluster (ScanCheckAggregate), and how many clusters fail it.
 */
import 'server-only';
import { CHECKS } from '@/lib/checks';
import { frameworksFor, type FrameworkMapping } from '@/lib/checks/frameworks';
import type { Remediation, SectionId, Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { latestScanIds } from '@/lib/scans/latest';

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

export async function getCheckCatalog(db: Db): Promise<{ checks: CatalogCheck[]; clustersScanned: number }> {
  const scanIds = await latestScanIds(db);
  const aggs = scanIds.length ? await db.scanCheckAggregate.findMany({ where: { scanId: { in: scanIds } }, select: { checkId: true, passed: true, failed: true, excepted: true } }) : [];
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
