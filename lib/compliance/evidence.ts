/**
 * The auditor's evidence pack for one framework and scope (one cluster or the fleet) over a
 * period: scope and dates, cluster versions, every control with the checks that assessed it and
 * on how many resources, coverage gaps, not-assessed controls with the reason, accepted-risk
 * exceptions (reason, requester, expiry) touching the framework's checks, attestations of manual
 * controls, and the score history of the period. Sealed with a SHA-256 digest over its canonical
 * serialisation (./evidence-digest). Everything is read through the existing read models:
 * lib/compliance/service (scan aggregates), lib/exceptions listExceptions, lib/dashboard/trends.
 */
import type { Db } from '@/lib/db';
import { latestSuccessfulScans } from '@/lib/scans/latest';
import { getClusterTrends } from '@/lib/dashboard/trends';
import { listExceptions } from '@/lib/exceptions';
import { checksOf, getFramework, type FrameworkId } from '@/lib/frameworks';
import { COMPLIANCE_FORMULA, type ControlResult, type FrameworkSummary, type NotAssessedReason } from '@/lib/frameworks/evaluate';
import { listAttestations, type AttestationDto } from './attestations';
import { sealEvidence, type EvidenceDigest } from './evidence-digest';
import { getClusterCompliance, getFleetCompliance } from './service';

export const EVIDENCE_KIND = 'rampart-evidence-pack';
export const EVIDENCE_VERSION = 1;

export interface EvidenceControl {
  id: string;
  title: string;
  group: string;
  assessment: ControlResult['assessment'];
  status: ControlResult['status'];
  reason: NotAssessedReason | null;
  note: string | null;
  checks: Array<{ checkId: string; passed: number; failed: number; excepted: number; resourcesEvaluated: number }>;
  /** Results of the control's checks: passed + failed + excepted (one per resource and check). */
  resourcesEvaluated: number;
  /** Fleet packs: clusters per status. */
  clusters?: Record<string, number>;
  attestationId: string | null;
}

export interface EvidenceBundle extends Record<string, unknown> {
  kind: typeof EVIDENCE_KIND;
  version: number;
  generatedAt: string;
  generatedBy: string | null;
  framework: { id: string; name: string; description: string };
  scope: { type: 'cluster' | 'fleet'; clusterIds: string[]; period: { from: string; to: string } };
  formula: string;
  summary: FrameworkSummary;
  clusters: Array<{ id: string; name: string; kubernetesVersion: string | null; latestScan: { id: string; finishedAt: string } | null; compliancePercent: number | null }>;
  controls: EvidenceControl[];
  notAssessed: Array<{ id: string; title: string; reason: NotAssessedReason | null; note: string | null }>;
  coverageGaps: Array<{ cluster: string; resource: string; reason: string; message: string | null }>;
  exceptions: Array<{ id: string; cluster: string | null; checkId: string | null; controls: string[]; scope: string; resource: string | null; status: string; reason: string; requestedBy: string | null; createdAt: string; expiresAt: string | null; revokedAt: string | null; approvedBy: string | null }>;
  attestations: AttestationDto[];
  scoreHistory: Array<{ cluster: string; at: string; cause: string; score: number; partial: boolean }>;
  complianceHistory: Array<{ at: string; scanId: string | null; percent: number | null; passed: number; failed: number; excepted: number }>;
  digest?: EvidenceDigest;
}

function control(c: ControlResult & { clusters?: Record<string, number> }): EvidenceControl {
  return {
    id: c.id,
    title: c.title,
    group: c.group,
    assessment: c.assessment,
    status: c.status,
    reason: c.reason,
    note: c.note,
    checks: c.checks.map((k) => ({ ...k, resourcesEvaluated: k.passed + k.failed + k.excepted })),
    resourcesEvaluated: c.counts.passed + c.counts.failed + c.counts.excepted,
    ...(c.clusters ? { clusters: c.clusters } : {}),
    attestationId: c.attestation?.id ?? null,
  };
}

export interface EvidenceRequest {
  framework: FrameworkId;
  /** null: the fleet. */
  clusterId: string | null;
  window: { from: Date; to: Date };
  generatedBy: string | null;
}

/** Builds and seals the evidence bundle; null when the cluster does not exist. */
export async function buildEvidence(db: Db, req: EvidenceRequest, now = new Date()): Promise<(EvidenceBundle & { digest: EvidenceDigest }) | null> {
  const fw = getFramework(req.framework);
  let clusters: EvidenceBundle['clusters'];
  let controls: EvidenceControl[];
  let summary: FrameworkSummary;
  let complianceHistory: EvidenceBundle['complianceHistory'];
  let gaps: EvidenceBundle['coverageGaps'] = [];
  if (req.clusterId) {
    const c = await getClusterCompliance(db, req.clusterId, req.framework, req.window, now);
    if (!c) return null;
    clusters = [{ id: c.cluster.id, name: c.cluster.name, kubernetesVersion: c.scan?.kubernetesVersion ?? c.cluster.serverVersion, latestScan: c.scan ? { id: c.scan.id, finishedAt: c.scan.finishedAt } : null, compliancePercent: c.evaluation.summary.percent }];
    controls = c.evaluation.controls.map(control);
    summary = c.evaluation.summary;
    complianceHistory = c.trend;
    gaps = (c.scan?.coverageGaps ?? []).map((g) => ({ cluster: c.cluster.name, resource: g.resource, reason: g.reason, message: g.message ?? null }));
  } else {
    const f = await getFleetCompliance(db, req.framework, req.window, now);
    clusters = f.clusters.map((c) => ({ id: c.id, name: c.name, kubernetesVersion: c.kubernetesVersion, latestScan: null, compliancePercent: c.summary.percent }));
    controls = f.controls.map(control);
    summary = f.summary;
    complianceHistory = f.trend;
    const scans = await latestSuccessfulScans(db, f.clusters.map((c) => c.id), { id: true, clusterId: true, finishedAt: true, coverageGaps: true });
    for (const c of clusters) {
      const s = scans.get(c.id);
      if (!s) continue;
      c.latestScan = { id: s.id, finishedAt: s.finishedAt!.toISOString() };
      for (const g of Array.isArray(s.coverageGaps) ? (s.coverageGaps as Array<{ resource: string; reason: string; message?: string }>) : []) gaps.push({ cluster: c.name, resource: g.resource, reason: g.reason, message: g.message ?? null });
    }
  }
  const clusterIds = clusters.map((c) => c.id);
  const names = new Map(clusters.map((c) => [c.id, c.name]));

  const frameworkChecks = new Set(checksOf(req.framework));
  const controlsOfCheck = (checkId: string | null) => (checkId ? fw.controls.filter((c) => c.checks.includes(checkId)).map((c) => c.id) : []);
  const { exceptions } = await listExceptions(db, { status: 'all', limit: 500 }, now);
  const inPeriod = exceptions.filter(
    (e) =>
      e.checkId !== null &&
      frameworkChecks.has(e.checkId) &&
      (e.cluster === null || clusterIds.includes(e.cluster.id)) &&
      new Date(e.createdAt) <= req.window.to &&
      (!e.expiresAt || new Date(e.expiresAt) >= req.window.from) &&
      (!e.revokedAt || new Date(e.revokedAt) >= req.window.from),
  );

  const attestations = (await listAttestations(db, { framework: req.framework, status: 'all' }, now)).filter(
    (a) => (a.clusterId === null || clusterIds.includes(a.clusterId)) && new Date(a.attestedAt) <= req.window.to && new Date(a.expiresAt) >= req.window.from,
  );

  const scoreHistory: EvidenceBundle['scoreHistory'] = [];
  for (const id of clusterIds) {
    const t = await getClusterTrends(db, id, req.window);
    for (const p of t.points) scoreHistory.push({ cluster: names.get(id)!, at: p.at, cause: p.cause, score: p.score, partial: p.partial });
  }

  return sealEvidence<EvidenceBundle>({
    kind: EVIDENCE_KIND,
    version: EVIDENCE_VERSION,
    generatedAt: now.toISOString(),
    generatedBy: req.generatedBy,
    framework: { id: fw.id, name: fw.name, description: fw.description },
    scope: { type: req.clusterId ? 'cluster' : 'fleet', clusterIds, period: { from: req.window.from.toISOString(), to: req.window.to.toISOString() } },
    formula: COMPLIANCE_FORMULA,
    summary,
    clusters,
    controls,
    notAssessed: controls.filter((c) => c.status === 'not-assessed').map((c) => ({ id: c.id, title: c.title, reason: c.reason, note: c.note })),
    coverageGaps: gaps,
    exceptions: inPeriod.map((e) => ({
      id: e.id,
      cluster: e.cluster?.name ?? null,
      checkId: e.checkId,
      controls: controlsOfCheck(e.checkId),
      scope: e.scope,
      resource: e.finding ? `${e.finding.resourceKind} ${e.finding.resourceNamespace ? `${e.finding.resourceNamespace}/` : ''}${e.finding.resourceName}` : null,
      status: e.status,
      reason: e.reason,
      requestedBy: e.createdBy?.email ?? null,
      createdAt: e.createdAt,
      expiresAt: e.expiresAt,
      revokedAt: e.revokedAt,
      // The second person who approved the request (four-eyes); null while requested or when rejected.
      approvedBy: e.decidedBy && e.status !== 'rejected' && e.status !== 'requested' ? e.decidedBy.email : null,
    })),
    attestations,
    scoreHistory,
    complianceHistory,
  });
}
