/**
 * Control status for one framework from one scan's stored per-check tallies, the scan's coverage
 * gaps and the analysts' attestations. Pure: the tallies come from the existing read models
 * (ScanCheckAggregate for stored scans, the scan's own tallies in the CLI); nothing is recounted.
 *
 * Status of a control:
 * - automated (checks map to it): `failed` when any of its checks has a failed (open) result,
 *   else `excepted` when any has an excepted result, else `passed` when any has a passing result,
 *   else `not-assessed` (no applicable result: why is in `reason`).
 * - node-access / not-covered: `not-assessed` with that reason.
 * - manual: `manual`, attested or not.
 *
 * Compliance % = ⌊100 × (passed + excepted) ÷ (passed + failed + excepted)⌋ over the automated
 * controls that were assessed; not-assessed and manual controls are left out (and listed). null when
 * no control was assessed. Floored, so 100 % means every assessed control passed.
 */
import type { Control, Framework } from './types';

export type ControlStatus = 'passed' | 'failed' | 'excepted' | 'not-assessed' | 'manual';
export const CONTROL_STATUSES: readonly ControlStatus[] = ['failed', 'excepted', 'passed', 'not-assessed', 'manual'];

/**
 * Why a control was not assessed: `node-access` (needs a shell on the node, or the kubelet
 * configuration could not be read), `not-applicable` (its checks found nothing to look at),
 * `coverage-gap` (Rampart has no check for it, or the scan could not read what its checks need),
 * `no-scan` (nothing scanned yet).
 */
export type NotAssessedReason = 'node-access' | 'not-applicable' | 'coverage-gap' | 'no-scan';

export interface CheckCounts {
  passed: number;
  failed: number;
  excepted: number;
}

export interface ScanGap {
  resource: string;
  reason: string;
  message?: string;
}

export interface Attestation {
  id: string;
  controlId: string;
  /** null: every cluster. */
  clusterId: string | null;
  note: string;
  attestedBy: string | null;
  attestedAt: string;
  expiresAt: string;
}

export interface ScanInput {
  /** Check id → counts of its applicable results; a check absent here had none. */
  checks: ReadonlyMap<string, CheckCounts>;
  coverageGaps: readonly ScanGap[];
}

export interface ControlResult {
  id: string;
  title: string;
  group: string;
  assessment: Control['assessment'];
  checks: ReadonlyArray<{ checkId: string } & CheckCounts>;
  status: ControlStatus;
  /** Set when status is not-assessed. */
  reason: NotAssessedReason | null;
  /** A sentence saying why it was not assessed (or how a manual control is assessed). */
  note: string | null;
  /** Results summed over the control's checks (resources evaluated = passed + failed + excepted). */
  counts: CheckCounts;
  /** The active attestation of a manual control (null when none). */
  attestation: Attestation | null;
}

export interface FrameworkSummary {
  passed: number;
  failed: number;
  excepted: number;
  notAssessed: number;
  manual: number;
  attested: number;
  /** passed + failed + excepted. */
  assessed: number;
  /** ⌊100 × (passed + excepted) ÷ assessed⌋; null when assessed is 0. */
  percent: number | null;
}

export interface FrameworkEvaluation {
  framework: { id: string; name: string };
  controls: ControlResult[];
  summary: FrameworkSummary;
}

export const COMPLIANCE_FORMULA =
  'Compliance = (passed + excepted) ÷ (passed + failed + excepted) automated controls, rounded down. A control passes when every applicable result of its checks passes; one open failing result fails it; an accepted-risk exception makes it excepted. Controls not assessed (node access, not applicable, no check) and manual controls are not counted.';

const KUBELET_GAP = /configz|nodes\/proxy|kubelet/i;

/** Active (not expired) attestation for a control: a cluster's own wins over a fleet-wide one. */
export function activeAttestation(attestations: readonly Attestation[], controlId: string, clusterId: string | null, now: Date): Attestation | null {
  const live = attestations.filter((a) => a.controlId === controlId && new Date(a.expiresAt) > now && (a.clusterId === null || a.clusterId === clusterId));
  return live.find((a) => a.clusterId !== null) ?? live[0] ?? null;
}

function notAssessedWhy(control: Control, scan: ScanInput): { reason: NotAssessedReason; note: string } {
  if (control.checks.every((id) => id.startsWith('kubelet-'))) {
    const gaps = scan.coverageGaps.filter((g) => KUBELET_GAP.test(g.resource));
    if (gaps.length) return { reason: 'node-access', note: `The kubelet configuration could not be read (${gaps.map((g) => g.resource).slice(0, 3).join('; ')}).` };
  }
  if (scan.coverageGaps.length) {
    return { reason: 'coverage-gap', note: `Its checks found nothing to judge and the scan could not read: ${scan.coverageGaps.map((g) => `${g.resource} (${g.reason})`).slice(0, 3).join('; ')}.` };
  }
  return { reason: 'not-applicable', note: `Its checks (${control.checks.join(', ')}) found nothing they apply to in this scan.` };
}

export function evaluateControl(control: Control, scan: ScanInput | null, attestations: readonly Attestation[], clusterId: string | null, now: Date): ControlResult {
  const checks = control.checks.map((checkId) => ({ checkId, ...(scan?.checks.get(checkId) ?? { passed: 0, failed: 0, excepted: 0 }) }));
  const counts = checks.reduce((s, c) => ({ passed: s.passed + c.passed, failed: s.failed + c.failed, excepted: s.excepted + c.excepted }), { passed: 0, failed: 0, excepted: 0 });
  const base = { id: control.id, title: control.title, group: control.group, assessment: control.assessment, checks, counts, attestation: null, reason: null, note: null };
  switch (control.assessment) {
    case 'manual': {
      const attestation = activeAttestation(attestations, control.id, clusterId, now);
      return { ...base, status: 'manual', attestation, note: attestation ? null : 'An organisational control: an analyst attests it with a note and an expiry.' };
    }
    case 'node-access':
      return { ...base, status: 'not-assessed', reason: 'node-access', note: 'Needs a shell on the node (file permissions and ownership): not visible through the Kubernetes API.' };
    case 'not-covered':
      return { ...base, status: 'not-assessed', reason: 'coverage-gap', note: 'Visible through the API, but Rampart has no check for it yet.' };
    case 'automated': {
      if (!scan) return { ...base, status: 'not-assessed', reason: 'no-scan', note: 'No successful scan yet.' };
      if (counts.failed > 0) return { ...base, status: 'failed' };
      if (counts.excepted > 0) return { ...base, status: 'excepted' };
      if (counts.passed > 0) return { ...base, status: 'passed' };
      return { ...base, status: 'not-assessed', ...notAssessedWhy(control, scan) };
    }
  }
}

export function summarise(controls: readonly Pick<ControlResult, 'status' | 'attestation'>[]): FrameworkSummary {
  const n = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  const passed = n('passed');
  const failed = n('failed');
  const excepted = n('excepted');
  return { passed, failed, excepted, notAssessed: n('not-assessed'), manual: n('manual'), attested: controls.filter((c) => c.status === 'manual' && c.attestation).length, assessed: passed + failed + excepted, percent: compliancePercent(passed + excepted, passed + failed + excepted) };
}

/** ⌊100 × ok ÷ assessed⌋, null when nothing was assessed. */
export function compliancePercent(ok: number, assessed: number): number | null {
  return assessed === 0 ? null : Math.floor((100 * ok) / assessed);
}

/** One cluster's (or one CLI scan's) standing against a framework. `scan` null: never scanned. */
export function evaluateFramework(framework: Framework, scan: ScanInput | null, attestations: readonly Attestation[] = [], clusterId: string | null = null, now = new Date()): FrameworkEvaluation {
  const controls = framework.controls.map((c) => evaluateControl(c, scan, attestations, clusterId, now));
  return { framework: { id: framework.id, name: framework.name }, controls, summary: summarise(controls) };
}

export interface FleetControl extends ControlResult {
  /** How many clusters are in each status for this control. */
  clusters: Record<ControlStatus, number>;
}

/**
 * The fleet's standing: a control fails when it fails on any cluster, else is excepted when
 * excepted on any, else passes when it passed on any; counts are summed. Fleet % = ⌊100 × Σ
 * (passed + excepted) ÷ Σ assessed⌋ over every (cluster, control) pair.
 */
export function evaluateFleet(framework: Framework, perCluster: readonly FrameworkEvaluation[]): { controls: FleetControl[]; summary: FrameworkSummary } {
  const controls = framework.controls.map((control, i): FleetControl => {
    const rows = perCluster.map((e) => e.controls[i]!);
    const clusters: Record<ControlStatus, number> = { passed: 0, failed: 0, excepted: 0, 'not-assessed': 0, manual: 0 };
    for (const r of rows) clusters[r.status]++;
    const status: ControlStatus = control.assessment === 'manual' ? 'manual' : clusters.failed ? 'failed' : clusters.excepted ? 'excepted' : clusters.passed ? 'passed' : 'not-assessed';
    const first = rows.find((r) => r.status === status) ?? rows[0];
    const checks = control.checks.map((checkId, k) => ({ checkId, passed: sum(rows, (r) => r.checks[k]!.passed), failed: sum(rows, (r) => r.checks[k]!.failed), excepted: sum(rows, (r) => r.checks[k]!.excepted) }));
    const counts = { passed: sum(rows, (r) => r.counts.passed), failed: sum(rows, (r) => r.counts.failed), excepted: sum(rows, (r) => r.counts.excepted) };
    const attested = control.assessment === 'manual' && rows.length > 0 && rows.every((r) => r.attestation);
    const base = first ?? evaluateControl(control, null, [], null, new Date(0));
    return { ...base, status, checks, counts, clusters, attestation: attested ? base.attestation : null, reason: status === 'not-assessed' ? base.reason : null, note: status === 'not-assessed' || status === 'manual' ? base.note : null };
  });
  const pairs = perCluster.flatMap((e) => e.controls);
  const ok = pairs.filter((c) => c.status === 'passed' || c.status === 'excepted').length;
  const assessed = ok + pairs.filter((c) => c.status === 'failed').length;
  return { controls, summary: { ...summarise(controls), percent: compliancePercent(ok, assessed) } };
}

function sum<T>(rows: readonly T[], f: (r: T) => number): number {
  return rows.reduce((n, r) => n + f(r), 0);
}
