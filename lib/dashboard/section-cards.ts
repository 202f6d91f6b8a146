/**
 * The section scorecards of clusters' latest successful scans, as the cluster page and the PDF
 * report show them: for each guide section the scan's stored aggregate (score, grade, passed,
 * failed, excepted: never recomputed) and what caps the section's grade, with the section's
 * findings open now (lib/dashboard/open-counts.ts, like every surface); for the scan, what caps
 * its overall grade. Read by the cluster page (./scorecards.ts) and the report
 * (lib/reports/view-model).
 *
 * No 'server-only' import: the report worker reads it too.
 */
import { SECTION_IDS, type SectionId } from '@/lib/vocabulary';
import type { Db } from '@/lib/db';
import { appliedCap, openOfRow, sumSeverityCounts, zeroSeverityCounts, type ScoreCap, type SeverityCounts } from '@/lib/scoring';
import { getOpenCounts } from './open-counts';

/** A cluster's latest successful scan (the open counts are the cluster's now). */
export interface LatestScan {
  id: string;
  clusterId: string;
  score: number | null;
  uncappedScore: number | null;
}

export interface SectionCard {
  section: SectionId;
  /** The scan's stored aggregate of the section; null when it has none. */
  stored: { score: number; grade: string; passed: number; failed: number; excepted: number } | null;
  /** What caps the section's grade in the scan ("capped at D by 3 critical findings"); null when nothing does. */
  cap: ScoreCap | null;
  /** The section's findings open now (no active exception covers them), by their own severity. */
  open: SeverityCounts;
}

export interface ScanCards {
  scanId: string;
  clusterId: string;
  /** What caps the scan's overall grade; null when nothing does. */
  cap: ScoreCap | null;
  /** Every guide section, in order. */
  sections: SectionCard[];
}

/** The section cards of these latest scans, by scan id. */
export async function getSectionCards(db: Db, scans: readonly LatestScan[], now = new Date()): Promise<Map<string, ScanCards>> {
  if (scans.length === 0) return new Map();
  const [aggregates, counts] = await Promise.all([
    db.scanSectionAggregate.findMany({ where: { scanId: { in: scans.map((s) => s.id) } } }),
    getOpenCounts(db, [...new Set(scans.map((s) => s.clusterId))], now),
  ]);
  return new Map(
    scans.map((scan) => {
      const own = aggregates.filter((a) => a.scanId === scan.id);
      const openNow = counts.get(scan.clusterId)?.bySection;
      const sections = SECTION_IDS.map((section): SectionCard => {
        const a = own.find((x) => x.section === section);
        return {
          section,
          stored: a ? { score: a.score, grade: a.grade, passed: a.passed, failed: a.failed, excepted: a.excepted } : null,
          // The cap is the scan's (its results); the open counts are the findings open now, as everywhere else.
          cap: a ? appliedCap(a, openOfRow(a)) : null,
          open: openNow?.get(section) ?? zeroSeverityCounts(),
        };
      });
      return [scan.id, { scanId: scan.id, clusterId: scan.clusterId, cap: appliedCap(scan, sumSeverityCounts(own.map(openOfRow))), sections }];
    }),
  );
}
