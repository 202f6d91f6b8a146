/**
 * Namespace posture read model: owners, scorecards and the namespace × section heat map.
 *
 * - Owner: the value of one namespace label (RAMPART_NAMESPACE_OWNER_LABEL in lib/config.ts,
 *   default `team`), as recorded by the cluster's latest successful scan (ClusterNamespace).
 * - Scores: stored per scan and namespace by the scan (lib/scans/namespace-scores.ts, the
 *   cluster's scoring functions over that namespace's results); read from the latest successful
 *   scan that recorded them.
 * - Open findings: the findings browser's group-by-namespace (lib/dashboard/findings-groups.ts),
 *   so the scorecard and the browser show the same number.
 */
import 'server-only';
import { SECTION_IDS, type SectionId, type Severity } from '@/lib/checks/types';
import { getConfig } from '@/lib/config';
import type { Db } from '@/lib/db';
import { latestSuccessfulScan } from '@/lib/scans/latest';
import { capFor, type Grade, type ScoreCap } from '@/lib/scoring';
import type { ClusterNamespace } from './findings-total';

export function ownerLabelKey(): string {
  return getConfig().RAMPART_NAMESPACE_OWNER_LABEL;
}

function ownerOf(labels: unknown, key = ownerLabelKey()): string | null {
  const v = labels && typeof labels === 'object' ? (labels as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v ? v : null;
}

/** The owner (label value) of each of these namespaces that has one, keyed "<clusterId>/<namespace>". */
export async function ownersOfNamespaces(db: Db, namespaces: readonly ClusterNamespace[]): Promise<Map<string, string>> {
  if (!namespaces.length) return new Map();
  const rows = await db.clusterNamespace.findMany({ where: { OR: namespaces.map((n) => ({ clusterId: n.clusterId, name: n.namespace })) }, select: { clusterId: true, name: true, labels: true } });
  const key = ownerLabelKey();
  const out = new Map<string, string>();
  for (const r of rows) {
    const owner = ownerOf(r.labels, key);
    if (owner) out.set(`${r.clusterId}/${r.name}`, owner);
  }
  return out;
}

/** The namespaces (of one cluster or all) whose owner label has this value. */
export async function ownedNamespaces(db: Db, owner: string, clusterId?: string): Promise<ClusterNamespace[]> {
  const rows = await db.clusterNamespace.findMany({
    where: { ...(clusterId ? { clusterId } : {}), labels: { path: [ownerLabelKey()], equals: owner } },
    select: { clusterId: true, name: true },
    orderBy: [{ clusterId: 'asc' }, { name: 'asc' }],
  });
  return rows.map((r) => ({ clusterId: r.clusterId, namespace: r.name }));
}

/** Every owner named by a namespace label (of one cluster or all), sorted. */
export async function namespaceOwners(db: Db, clusterId?: string): Promise<string[]> {
  const key = ownerLabelKey();
  const rows = await db.clusterNamespace.findMany({ where: clusterId ? { clusterId } : {}, select: { labels: true } });
  return [...new Set(rows.map((r) => ownerOf(r.labels, key)).filter((o): o is string => Boolean(o)))].sort((a, b) => a.localeCompare(b));
}

export interface NamespaceSectionCell {
  score: number;
  grade: Grade;
  applicable: number;
  open: Record<Severity, number>;
}

export interface NamespaceScorecard {
  name: string;
  owner: string | null;
  score: number;
  grade: Grade;
  uncappedScore: number;
  cap: ScoreCap | null;
  passed: number;
  failed: number;
  excepted: number;
  /** Open results by severity at the scan. */
  open: Record<Severity, number>;
  /** Only the sections with applicable results in this namespace. */
  sections: Partial<Record<SectionId, NamespaceSectionCell>>;
}

export interface NamespacePosture {
  ownerLabel: string;
  scanId: string | null;
  scannedAt: string | null;
  /** Worst score first, then by name. */
  namespaces: NamespaceScorecard[];
  sections: readonly SectionId[];
}

/** The namespace scorecards of a cluster's latest successful scan that recorded them. */
export async function getNamespacePosture(db: Db, clusterId: string, filter: { owner?: string } = {}): Promise<NamespacePosture> {
  const key = ownerLabelKey();
  const scan = await latestSuccessfulScan(db, clusterId, { id: true, finishedAt: true }, { namespaceScores: { some: {} } });
  if (!scan) return { ownerLabel: key, scanId: null, scannedAt: null, namespaces: [], sections: SECTION_IDS };
  const [scores, namespaces] = await Promise.all([
    db.namespaceScore.findMany({ where: { scanId: scan.id } }),
    db.clusterNamespace.findMany({ where: { clusterId }, select: { name: true, labels: true } }),
  ]);
  const owners = new Map(namespaces.map((n) => [n.name, ownerOf(n.labels, key)]));
  const cards = scores
    .map((r): NamespaceScorecard => {
      const open = { critical: r.openCritical, high: r.openHigh, medium: r.openMedium, low: r.openLow, info: r.openInfo };
      const cap = capFor(open);
      return {
        name: r.namespace,
        owner: owners.get(r.namespace) ?? null,
        score: r.score,
        grade: r.grade as Grade,
        uncappedScore: r.uncappedScore,
        cap: cap && r.uncappedScore > r.score ? cap : null,
        passed: r.passed,
        failed: r.failed,
        excepted: r.excepted,
        open,
        sections: r.sections as NamespaceScorecard['sections'],
      };
    })
    .filter((c) => !filter.owner || c.owner === filter.owner)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return { ownerLabel: key, scanId: scan.id, scannedAt: scan.finishedAt?.toISOString() ?? null, namespaces: cards, sections: SECTION_IDS };
}
