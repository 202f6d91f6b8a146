/**
 * Who-can, a subject's permissions grouped by risk, and risky subjects ranked with the workloads
 * that carry their powers: pure functions over an RbacModel, returning plain data.
 */
import type { ResourceRef, Severity } from '../../vocabulary';
import type { Workload } from '../../k8s/pod-spec.types';
import { riskySubjects } from '../escalation';
import { whoCan } from '../query';
import { RISKS_BY_ID } from '../risks';
import { formatSubject, subjectKey } from '../subjects';
import type { Subject, SubjectKind } from '../types';
import type { WorkloadExposure } from './artifact';
import { maxSeverity } from './graph-view';
import { grantChain, grantIdentity, workloadKey, type GrantChain, type RbacModel } from './model';
import { compareSeverity } from '../../vocabulary';

export interface RiskSummary {
  id: string;
  title: string;
  severity: Severity;
  explanation: string;
}

export function riskSummary(id: string): RiskSummary {
  const risk = RISKS_BY_ID.get(id);
  return risk ? { id, title: risk.title, severity: risk.severity, explanation: risk.explanation } : { id, title: id, severity: 'info', explanation: '' };
}

// ── who can ─────────────────────────────────────────────────────────────────────────────────

export interface WhoCanRow {
  subject: Subject;
  subjectKey: string;
  label: string;
  isSystem: boolean;
  /** false: only for the named objects of `restrictedChains`. */
  allowed: boolean;
  chains: GrantChain[];
  restrictedChains: GrantChain[];
}

export interface WhoCanView {
  verb: string;
  resource: string;
  namespace: string | null;
  rows: WhoCanRow[];
}

export function whoCanView(model: RbacModel, verb: string, resource: string, namespace?: string, options: { includeSystem?: boolean } = {}): WhoCanView {
  const rows: WhoCanRow[] = [];
  for (const entry of whoCan(model.analysis, verb, resource, namespace)) {
    const key = subjectKey(entry.subject);
    const isSystem = model.analysis.subjectsByKey.get(key)?.isSystem ?? false;
    if (isSystem && options.includeSystem === false) continue;
    rows.push({
      subject: entry.subject,
      subjectKey: key,
      label: formatSubject(entry.subject),
      isSystem,
      allowed: entry.allowed,
      chains: entry.grants.map((g) => grantChain(g)),
      restrictedChains: entry.restrictedGrants.map((g) => grantChain(g)),
    });
  }
  return { verb, resource, namespace: namespace ?? null, rows };
}

function csvCell(value: string): string {
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One line per chain: subject, how (via group), binding, scope, role, rule. */
export function whoCanCsv(view: WhoCanView): string {
  const header = ['subject', 'system', 'allowed', 'via group', 'binding', 'scope', 'role', 'rule', 'aggregated from', 'resource names'];
  const lines = [header.map(csvCell).join(',')];
  for (const row of view.rows) {
    for (const [chains, allowed] of [
      [row.chains, 'yes'],
      [row.restrictedChains, 'named objects only'],
    ] as const) {
      for (const c of chains) {
        lines.push([row.label, row.isSystem ? 'yes' : 'no', allowed, c.group ?? '', c.binding, c.scope, c.role, c.rule, c.aggregatedFrom ?? '', c.resourceNames.join(' ')].map(csvCell).join(','));
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ── workloads carrying a subject's powers ───────────────────────────────────────────────────

export interface CarrierWorkload {
  ref: ResourceRef;
  key: string;
  /** The pods mount the service account token: anyone who runs code in them holds the powers. */
  tokenMounted: boolean;
  exposure: WorkloadExposure[];
}

function carriers(model: RbacModel, key: string): CarrierWorkload[] {
  return (model.workloadsBySubject.get(key) ?? []).map((w: Workload) => ({
    ref: w.ref,
    key: workloadKey(w.ref),
    tokenMounted: w.automountServiceAccountToken,
    exposure: model.exposure.get(workloadKey(w.ref)) ?? [],
  }));
}

// ── one subject ─────────────────────────────────────────────────────────────────────────────

export interface SubjectRiskGroup {
  risk: RiskSummary;
  chains: GrantChain[];
  /** Only on named objects: narrower, listed for review. */
  restrictedChains: GrantChain[];
}

export interface SubjectView {
  subject: Subject;
  subjectKey: string;
  label: string;
  isSystem: boolean;
  /** Service accounts: whether the object exists. */
  exists?: boolean;
  bindings: string[];
  inheritedGroups: string[];
  /** Risky permissions, most severe first. */
  risks: SubjectRiskGroup[];
  /** Every other grant (no risk). */
  otherChains: GrantChain[];
  workloads: CarrierWorkload[];
}


export function subjectView(model: RbacModel, key: string): SubjectView | null {
  const entry = model.analysis.subjectsByKey.get(key);
  if (!entry) return null;
  const risky = new Set<string>();
  const risks: SubjectRiskGroup[] = entry.risks
    .map((m) => {
      for (const g of [...m.grants, ...m.restrictedGrants]) risky.add(grantIdentity(g));
      return { risk: riskSummary(m.riskId), chains: m.grants.map((g) => grantChain(g, entry.subject)), restrictedChains: m.restrictedGrants.map((g) => grantChain(g, entry.subject)) };
    })
    .sort((a, b) => Number(b.chains.length > 0) - Number(a.chains.length > 0) || compareSeverity(a.risk.severity, b.risk.severity));
  return {
    subject: entry.subject,
    subjectKey: key,
    label: formatSubject(entry.subject),
    isSystem: entry.isSystem,
    ...(entry.exists !== undefined ? { exists: entry.exists } : {}),
    bindings: entry.bindings,
    inheritedGroups: entry.inheritedGroups,
    risks,
    otherChains: entry.grants.filter((g) => !risky.has(grantIdentity(g))).map((g) => grantChain(g, entry.subject)),
    workloads: carriers(model, key),
  };
}

// ── risky subjects ──────────────────────────────────────────────────────────────────────────

export interface RiskySubjectRow {
  subject: Subject;
  subjectKey: string;
  label: string;
  kind: SubjectKind;
  isSystem: boolean;
  risks: RiskSummary[];
  maxSeverity: Severity;
  workloads: CarrierWorkload[];
  /** A workload running as this subject (token mounted) is reachable from outside the cluster. */
  exposed: boolean;
}

/**
 * Subjects holding risky permissions on arbitrary objects, ranked: most severe risk first, then
 * subjects whose powers sit in an exposed workload with a mounted token, then by number of risks.
 */
export function riskyView(model: RbacModel, options: { includeSystem?: boolean; risk?: string } = {}): RiskySubjectRow[] {
  const rows: RiskySubjectRow[] = riskySubjects(model.analysis, { includeSystem: options.includeSystem })
    .filter((r) => !options.risk || r.risks.includes(options.risk))
    .map((r) => {
      const workloads = carriers(model, r.subject.key);
      return {
        subject: r.subject.subject,
        subjectKey: r.subject.key,
        label: formatSubject(r.subject.subject),
        kind: r.subject.subject.kind,
        isSystem: r.subject.isSystem,
        risks: r.risks.map(riskSummary),
        maxSeverity: maxSeverity(r.risks) ?? r.maxSeverity,
        workloads,
        exposed: workloads.some((w) => w.tokenMounted && w.exposure.length > 0),
      };
    });
  return rows.sort(
    (a, b) => compareSeverity(a.maxSeverity, b.maxSeverity) || Number(b.exposed) - Number(a.exposed) || b.risks.length - a.risks.length || a.subjectKey.localeCompare(b.subjectKey),
  );
}
