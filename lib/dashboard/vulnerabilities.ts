/**
 * Vulnerabilities in depth, read from the image inventory each cluster's latest successful scan
 * stored (lib/vulnerabilities/inventory.ts, ScanArtifact `vulnerabilities`): the fleet's images
 * with the workloads and clusters running them, one image's CVE rows, and which workloads run a
 * given CVE. Counts are the ones the scan stored; nothing is recomputed here.
 *
 * Teams: with a team member's access scope every read keeps the clusters the scope touches and, in a
 * cluster it covers only in part, the workloads (and config-audit objects) in its namespaces; an
 * image shows where at least one of those runs it (lib/teams/scope.ts seesResource).
 */
import type { Db } from '@/lib/db';
import type { Severity } from '@/lib/checks/types';
import { isVulnerabilityInventory, VULNERABILITY_ARTIFACT_KIND, zeroCveCounts, type CveCounts, type InventoryImage, type VulnerabilityInventory } from '@/lib/vulnerabilities/inventory';
import type { ConfigAuditRow, CveRow, ExposedSecretRow } from '@/lib/vulnerabilities/report';
import { compareSeverity } from '@/lib/vocabulary';
import { latestScanIds } from '@/lib/scans/latest';
import { FLEET, seesResource, seesWholeCluster, visibleClusterIds, type AccessScope } from '@/lib/teams/scope';

export interface FleetImage {
  image: string;
  clusters: Array<{ id: string; name: string }>;
  workloads: Array<{ clusterId: string; clusterName: string; kind: string; namespace: string; name: string; container: string }>;
  counts: CveCounts;
  fixable: number;
}

export interface FleetInventory {
  images: FleetImage[];
  /** Clusters whose latest scan saw no VulnerabilityReport (Trivy Operator absent or unreadable). */
  uncovered: Array<{ id: string; name: string }>;
  /** Clusters with a latest scan at all. */
  scanned: number;
  /** Objects with failed Trivy config-audit checks (not narrowed by the image filters). */
  configAudit: FleetConfigAuditRow[];
}

interface ClusterInventory {
  cluster: { id: string; name: string };
  available: boolean;
  images: InventoryImage[];
  configAudit: NonNullable<VulnerabilityInventory['configAudit']>;
}

/** A cluster's inventory as the access scope sees it: its workloads and config-audit objects in the scope's namespaces. */
function withinScope(inv: ClusterInventory, access: AccessScope): ClusterInventory {
  const id = inv.cluster.id;
  if (seesWholeCluster(access, id)) return inv;
  const images = inv.images.map((img) => ({ ...img, workloads: img.workloads.filter((w) => seesResource(access, id, w.namespace)) })).filter((img) => img.workloads.length > 0);
  return { ...inv, images, configAudit: inv.configAudit.filter((e) => seesResource(access, id, e.resource.namespace)) };
}

async function latestInventories(db: Db, access: AccessScope): Promise<ClusterInventory[]> {
  const visible = visibleClusterIds(access);
  const scanIds = await latestScanIds(db);
  if (scanIds.length === 0 || visible?.length === 0) return [];
  const inScope = visible ? { clusterId: { in: visible } } : {};
  const [scans, artifacts] = await Promise.all([
    db.scan.findMany({ where: { id: { in: scanIds }, ...inScope }, select: { id: true, cluster: { select: { id: true, name: true } } } }),
    db.scanArtifact.findMany({ where: { scanId: { in: scanIds }, kind: VULNERABILITY_ARTIFACT_KIND, ...(visible ? { scan: inScope } : {}) }, select: { scanId: true, data: true } }),
  ]);
  const byScan = new Map(artifacts.map((a) => [a.scanId, a.data]));
  return scans
    .map((s) => {
      const data = byScan.get(s.id);
      const inventory: VulnerabilityInventory = isVulnerabilityInventory(data) ? data : { available: false, images: [] };
      return withinScope({ cluster: s.cluster, available: inventory.available, images: inventory.images, configAudit: inventory.configAudit ?? [] }, access);
    })
    .sort((a, b) => a.cluster.name.localeCompare(b.cluster.name));
}

function merge(target: CveCounts, counts: CveCounts): void {
  for (const s of Object.keys(target) as Severity[]) target[s] = Math.max(target[s], counts[s] ?? 0);
}

export interface VulnerabilityFilters {
  /** Image name substring (images); CVE id, package or image substring (CVE rows). */
  q?: string;
  /** Only images with a fix available / CVE rows with a fixed version. */
  fixable?: boolean;
  /** Images with at least one CVE of one of these severities / CVE rows of these severities. */
  severity?: Severity | readonly Severity[];
  /** One cluster's latest scan instead of the fleet's. */
  cluster?: string;
}

const severityList = (s: VulnerabilityFilters['severity']): readonly Severity[] => (s === undefined ? [] : typeof s === 'string' ? [s] : s);

async function filteredInventories(db: Db, cluster: string | undefined, access: AccessScope): Promise<ClusterInventory[]> {
  const inventories = await latestInventories(db, access);
  return cluster ? inventories.filter((i) => i.cluster.id === cluster) : inventories;
}

/** Every image with a report in the fleet, most critical first. `q` narrows by image name; `fixable` keeps images with a fix available. */
export async function getFleetInventory(db: Db, filters: VulnerabilityFilters = {}, access: AccessScope = FLEET): Promise<FleetInventory> {
  const inventories = await filteredInventories(db, filters.cluster, access);
  const severities = severityList(filters.severity);
  const images = new Map<string, FleetImage>();
  for (const inv of inventories) {
    for (const img of inv.images) {
      let entry = images.get(img.image);
      if (!entry) images.set(img.image, (entry = { image: img.image, clusters: [], workloads: [], counts: zeroCveCounts(), fixable: 0 }));
      if (!entry.clusters.some((c) => c.id === inv.cluster.id)) entry.clusters.push(inv.cluster);
      for (const w of img.workloads) entry.workloads.push({ clusterId: inv.cluster.id, clusterName: inv.cluster.name, ...w });
      merge(entry.counts, img.counts);
      entry.fixable = Math.max(entry.fixable, img.fixable);
    }
  }
  const q = filters.q?.trim().toLowerCase();
  const list = [...images.values()]
    .filter((i) => !q || i.image.toLowerCase().includes(q))
    .filter((i) => !filters.fixable || i.fixable > 0)
    .filter((i) => severities.length === 0 || severities.some((sev) => i.counts[sev] > 0))
    .sort((a, b) => b.counts.critical - a.counts.critical || b.counts.high - a.counts.high || a.image.localeCompare(b.image));
  return { images: list, uncovered: inventories.filter((i) => !i.available).map((i) => i.cluster), scanned: inventories.length, configAudit: configAuditRows(inventories) };
}

export interface ImageDetail extends FleetImage {
  cves: CveRow[];
  truncated: number;
  /** Secrets Trivy found in the image: rule, title, severity and target only. */
  secrets: ExposedSecretRow[];
}

/** One image: its CVE rows (from the most recent report among the clusters) and where it runs. */
export async function getImageDetail(db: Db, image: string, access: AccessScope = FLEET): Promise<ImageDetail | null> {
  const inventories = await latestInventories(db, access);
  let detail: ImageDetail | null = null;
  let newest = '';
  for (const inv of inventories) {
    const img = inv.images.find((i) => i.image === image);
    if (!img) continue;
    detail ??= { image, clusters: [], workloads: [], counts: zeroCveCounts(), fixable: 0, cves: [], truncated: 0, secrets: [] };
    detail.clusters.push(inv.cluster);
    for (const w of img.workloads) detail.workloads.push({ clusterId: inv.cluster.id, clusterName: inv.cluster.name, ...w });
    merge(detail.counts, img.counts);
    if ((img.scannedAt ?? '') >= newest) {
      newest = img.scannedAt ?? '';
      Object.assign(detail, { cves: img.cves, truncated: img.truncated, fixable: img.fixable, secrets: img.secrets ?? [] });
    }
  }
  return detail;
}

export interface CveDetail {
  id: string;
  /** The CVE as one of the reports lists it (title, severity, score, link). */
  sample: CveRow;
  images: Array<{ image: string; pkg: string; installedVersion: string; fixedVersion: string; workloads: FleetImage['workloads'] }>;
}

/** Which workloads in the fleet run a given CVE, image by image. */
export async function getCveDetail(db: Db, cveId: string, access: AccessScope = FLEET): Promise<CveDetail | null> {
  const inventories = await latestInventories(db, access);
  const images = new Map<string, CveDetail['images'][number]>();
  let sample: CveRow | undefined;
  for (const inv of inventories) {
    for (const img of inv.images) {
      for (const cve of img.cves) {
        if (cve.id !== cveId) continue;
        sample ??= cve;
        const key = `${img.image}\u0000${cve.pkg}`;
        let entry = images.get(key);
        if (!entry) images.set(key, (entry = { image: img.image, pkg: cve.pkg, installedVersion: cve.installedVersion, fixedVersion: cve.fixedVersion, workloads: [] }));
        for (const w of img.workloads) entry.workloads.push({ clusterId: inv.cluster.id, clusterName: inv.cluster.name, ...w });
      }
    }
  }
  return sample ? { id: cveId, sample, images: [...images.values()].sort((a, b) => a.image.localeCompare(b.image)) } : null;
}

export interface FleetCveRow extends CveRow {
  image: string;
  clusters: string[];
  workloads: number;
}

/**
 * Every CVE row of every image in the latest scans (per image, as its most recent report lists
 * it; at most MAX_CVES_PER_IMAGE per image, as stored), most severe first: what the CVE export writes.
 */
export async function listFleetCves(db: Db, filters: VulnerabilityFilters = {}, access: AccessScope = FLEET): Promise<FleetCveRow[]> {
  const inventories = await filteredInventories(db, filters.cluster, access);
  const severities = severityList(filters.severity);
  const q = filters.q?.trim().toLowerCase();
  const rows = new Map<string, FleetCveRow>();
  for (const inv of inventories) {
    for (const img of inv.images) {
      for (const cve of img.cves) {
        if (severities.length > 0 && !severities.includes(cve.severity)) continue;
        if (filters.fixable && !cve.fixedVersion) continue;
        if (q && ![cve.id, cve.pkg, img.image].some((v) => v.toLowerCase().includes(q))) continue;
        const key = `${cve.id}\u0000${img.image}\u0000${cve.pkg}\u0000${cve.installedVersion}`;
        const row = rows.get(key);
        if (!row) rows.set(key, { ...cve, image: img.image, clusters: [inv.cluster.name], workloads: img.workloads.length });
        else {
          if (!row.clusters.includes(inv.cluster.name)) row.clusters.push(inv.cluster.name);
          row.workloads += img.workloads.length;
        }
      }
    }
  }
  return [...rows.values()].sort((a, b) => compareSeverity(a.severity, b.severity) || (b.score ?? 0) - (a.score ?? 0) || a.id.localeCompare(b.id) || a.image.localeCompare(b.image));
}

export interface FleetConfigAuditRow {
  cluster: { id: string; name: string };
  resource: { kind: string; namespace: string; name: string };
  failed: ConfigAuditRow[];
}

/** Objects with failed Trivy config-audit checks (ConfigAuditReport) in the given inventories, worst first. */
function configAuditRows(inventories: readonly ClusterInventory[]): FleetConfigAuditRow[] {
  const rows = inventories.flatMap((inv) => inv.configAudit.map((e) => ({ cluster: inv.cluster, resource: e.resource, failed: e.failed })));
  return rows.sort((a, b) => compareSeverity(a.failed[0]!.severity, b.failed[0]!.severity) || b.failed.length - a.failed.length || a.cluster.name.localeCompare(b.cluster.name));
}
