/**
 * Workload risk (docs/RISK.md): one score per workload, the sum of documented factors, each a
 * reason with points. Pure: it reads the check context (resolved workloads, the RBAC analysis,
 * the snapshot) and the scan's own failing results, so a verdict a check already reached (is
 * this Service public? is this container privileged?) is read, never worked out a second time.
 */
import type { V1Service } from '@kubernetes/client-node';
import type { CheckContext, ResourceRef } from '../checks/types';
import { ingressesByService } from '../checks/workloads/_shared/exposure';
import { serviceSelectorMatches } from '../k8s/label-selector';
import type { Workload } from '../k8s/pod-spec';
import type { GenericObject } from '../k8s/snapshot';
import { escalationPaths, subjectKey, type EscalationPath, type SubjectAnalysis } from '../rbac';
import { hasFix, readVulnerabilities, type CveRow } from '../vulnerabilities/report';
import { attackPathOf, type ExposureEntry } from './attack-path';
import type { FindingLink, RiskFactor, RiskFactorId, RiskFactorKind, WorkloadRisk } from './types';

/** A failing result as the ranking reads it (lib/evaluation/evaluate EvaluatedResult fits). */
export interface RiskInputResult {
  status: string;
  checkId: string;
  fingerprint: string;
  resource: ResourceRef;
  severity: string;
  detail?: string;
  evidence?: Record<string, unknown>;
}

/** Points per factor (docs/RISK.md is the prose of this table). */
export const RISK_POINTS = {
  /** A public LoadBalancer / NodePort / external IP, or an Ingress, routes to the workload. */
  'internet-exposed': 25,
  /** The same, through a load balancer limited to source ranges. */
  'internet-exposed-limited': 10,
  'no-network-policy': 10,
  privileged: 30,
  'host-namespaces': 20,
  'host-path': 20,
  'dangerous-capabilities': 15,
  'runs-as-root': 10,
  'rbac-cluster-admin': 40,
  /** The service account can become one that is cluster-admin. */
  'rbac-escalation-cluster-admin': 25,
  /** The service account can become one with other risky permissions. */
  'rbac-escalation': 10,
  'rbac-secrets-read': 15,
  'rbac-pod-exec': 10,
  /** First critical CVE with a fixed version; each further one adds `critical-cve-fixable-more`, up to `critical-cve-fixable-max`. */
  'critical-cve-fixable': 20,
  'critical-cve-fixable-more': 2,
  'critical-cve-fixable-max': 30,
} as const;

/** How many workloads get an attack path worked out (the top of the ranking). */
export const ATTACK_PATH_LIMIT = 20;

/** Privilege checks whose failures on a workload are privilege factors. */
const PRIVILEGE_CHECKS: ReadonlyArray<[checkId: string, factor: RiskFactorId, what: string]> = [
  ['privileged-container', 'privileged', 'runs a privileged container (full access to its node)'],
  ['host-namespaces', 'host-namespaces', 'shares the node\'s network, PID or IPC namespace'],
  ['host-path-volume', 'host-path', 'mounts a directory of the node (hostPath)'],
  ['dangerous-capabilities', 'dangerous-capabilities', 'adds dangerous Linux capabilities'],
  ['container-runs-as-root', 'runs-as-root', 'runs as root'],
];

/** Which authorization check reports each RBAC risk on a subject. */
const RBAC_RISK_CHECKS: Record<string, string> = {
  'cluster-admin': 'rbac-cluster-admin-binding',
  'secrets-read': 'rbac-secrets-access',
  'pod-exec': 'rbac-pod-exec',
  'workload-create': 'rbac-workload-create',
  'serviceaccount-token-create': 'rbac-token-create',
  impersonate: 'rbac-escalate-bind-impersonate',
  'escalate-bind': 'rbac-escalate-bind-impersonate',
};
const ESCALATION_RISKS = new Set(['workload-create', 'serviceaccount-token-create', 'impersonate', 'escalate-bind']);

const refKey = (r: { kind: string; namespace?: string | null; name: string }): string => `${r.kind}/${r.namespace ?? ''}/${r.name}`;
const link = (r: RiskInputResult): FindingLink => ({ checkId: r.checkId, fingerprint: r.fingerprint, resource: r.resource });

const NONE: readonly RiskInputResult[] = [];

/** The checks whose failures the factors read; other failures are not indexed. */
const READ_CHECKS: ReadonlySet<string> = new Set([...PRIVILEGE_CHECKS.map(([id]) => id), ...Object.values(RBAC_RISK_CHECKS), 'image-known-vulnerabilities']);

/** Failing results indexed by resource, then by check, read once. */
class FailureIndex {
  private readonly byResource = new Map<string, Map<string, RiskInputResult[]>>();
  constructor(results: readonly RiskInputResult[]) {
    for (const r of results) {
      if (r.status !== 'fail' || !READ_CHECKS.has(r.checkId)) continue;
      const key = refKey(r.resource);
      let byCheck = this.byResource.get(key);
      if (!byCheck) this.byResource.set(key, (byCheck = new Map()));
      const list = byCheck.get(r.checkId);
      if (list) list.push(r);
      else byCheck.set(r.checkId, [r]);
    }
  }
  /** Failures of one check on the resource (`key`: refKey of it). */
  byKey(key: string, checkId: string): readonly RiskInputResult[] {
    return this.byResource.get(key)?.get(checkId) ?? NONE;
  }
  of(resource: { kind: string; namespace?: string | null; name: string }, checkId: string): readonly RiskInputResult[] {
    return this.byKey(refKey(resource), checkId);
  }
  has(key: string): boolean {
    return this.byResource.has(key);
  }
}

interface Exposure {
  points: number;
  reason: string;
  findings: FindingLink[];
  /** The Services / Ingresses an attacker comes in through. */
  entries: ExposureEntry[];
}

/** Which workloads public Services and Ingresses route to (Service selector → pod template labels). */
function exposureByWorkload(ctx: CheckContext, results: readonly RiskInputResult[], byNamespace: Map<string, Workload[]>): Map<string, Exposure> {
  const services = new Map<string, V1Service>();
  for (const svc of ctx.snapshot.objects.services) services.set(`${svc.metadata?.namespace || 'default'}/${svc.metadata?.name ?? ''}`, svc);
  const out = new Map<string, Exposure>();
  const add = (svc: V1Service, entry: Exposure['entries'][number], points: number, reason: string, finding?: FindingLink) => {
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) return;
    const ns = svc.metadata?.namespace || 'default';
    for (const w of byNamespace.get(ns) ?? []) {
      if (!serviceSelectorMatches(selector, w.podMetadata.labels)) continue;
      const key = refKey(w.ref);
      const prev = out.get(key);
      if (!prev) out.set(key, { points, reason, findings: finding ? [finding] : [], entries: [entry] });
      else {
        if (points > prev.points) Object.assign(prev, { points, reason });
        if (finding && !prev.findings.some((f) => f.fingerprint === finding.fingerprint)) prev.findings.push(finding);
        if (!prev.entries.some((e) => refKey(e.resource) === refKey(entry.resource))) prev.entries.push(entry);
      }
    }
  };
  // Public Services: the verdicts of service-exposed-externally.
  for (const r of results) {
    if (r.status !== 'fail' || r.checkId !== 'service-exposed-externally') continue;
    const svc = services.get(`${r.resource.namespace ?? 'default'}/${r.resource.name}`);
    if (!svc) continue;
    const limited = r.severity === 'low';
    const type = svc.spec?.externalIPs?.length ? 'external IPs' : (svc.spec?.type ?? 'ClusterIP');
    const label = `Service ${r.resource.namespace}/${r.resource.name} (${type})`;
    add(
      svc,
      { resource: r.resource, label, finding: link(r) },
      limited ? RISK_POINTS['internet-exposed-limited'] : RISK_POINTS['internet-exposed'],
      limited ? `Reachable from outside the cluster through ${label}, limited to source ranges.` : `Reachable from the internet through ${label}.`,
      link(r),
    );
  }
  // Ingresses: the intended entry point, no finding of their own, but a route in all the same.
  for (const [key, ingresses] of ingressesByService(ctx.snapshot.objects.ingresses)) {
    const svc = services.get(key);
    if (!svc) continue;
    const ns = svc.metadata?.namespace || 'default';
    for (const name of ingresses) {
      const resource: ResourceRef = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: ns, name };
      add(svc, { resource, label: `Ingress ${ns}/${name} → Service ${key}` }, RISK_POINTS['internet-exposed'], `Reachable from the internet through Ingress ${ns}/${name} (Service ${key}).`);
    }
  }
  return out;
}

/** Workloads that network-policy-missing names as selected by no ingress policy (or opened to all). */
function unisolatedWorkloads(results: readonly RiskInputResult[]): Map<string, RiskInputResult> {
  const out = new Map<string, RiskInputResult>();
  for (const r of results) {
    if (r.status !== 'fail' || r.checkId !== 'network-policy-missing') continue;
    const ns = r.resource.name;
    const evidence = r.evidence ?? {};
    const names = Array.isArray(evidence.unselectedWorkloads) ? evidence.unselectedWorkloads.filter((x): x is string => typeof x === 'string') : [];
    const allowAll = Array.isArray(evidence.allowAllWorkloads) ? evidence.allowAllWorkloads.map((a) => (a as { workload?: unknown }).workload).filter((x): x is string => typeof x === 'string') : [];
    // workloadLabel() is Kind/name within the namespace the result is about.
    for (const label of [...names, ...allowAll]) out.set(`${ns}/${label}`, r);
  }
  return out;
}

/** Critical CVEs with a fixed version in the reports image-known-vulnerabilities attributed to the workload. */
function fixableCriticals(w: Workload, key: string, failures: FailureIndex, reports: () => Map<string, GenericObject>): { cves: CveRow[]; findings: FindingLink[] } {
  const cves = new Map<string, CveRow>();
  const findings: FindingLink[] = [];
  for (const r of failures.byKey(key, 'image-known-vulnerabilities')) {
    if (r.severity !== 'critical') continue;
    const names = Array.isArray(r.evidence?.reports) ? r.evidence.reports.filter((x): x is string => typeof x === 'string') : [];
    let found = false;
    for (const name of names) {
      const report = reports().get(`${w.namespace}/${name}`);
      if (!report) continue;
      for (const cve of readVulnerabilities(report)) {
        if (cve.severity !== 'critical' || !hasFix(cve)) continue;
        cves.set(`${cve.id}\u0000${cve.pkg}`, cve);
        found = true;
      }
    }
    if (found) findings.push(link(r));
  }
  return { cves: [...cves.values()].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.id.localeCompare(b.id)), findings };
}

export interface RbacPower {
  subject?: SubjectAnalysis;
  /** Unrestricted risk ids the service account holds. */
  risks: Set<string>;
  escalations: EscalationPath[];
}

function factor(id: RiskFactorId, kind: RiskFactorKind, points: number, reason: string, findings: FindingLink[] = []): RiskFactor {
  return { id, kind, points, reason, findings };
}

/** Findings of an authorization check on the service account, or on a group through which it holds the risk. */
function rbacFindings(power: RbacPower, riskId: string, failures: FailureIndex): FindingLink[] {
  const checkId = RBAC_RISK_CHECKS[riskId];
  if (!checkId || !power.subject) return [];
  const match = power.subject.risks.find((m) => m.riskId === riskId);
  const holders: Array<{ kind: string; namespace?: string; name: string }> = [{ kind: 'ServiceAccount', namespace: power.subject.subject.namespace, name: power.subject.subject.name }];
  for (const g of match?.grants ?? []) if (g.via.group) holders.push({ kind: 'Group', name: g.via.group });
  const out = new Map<string, FindingLink>();
  for (const h of holders) for (const r of failures.of(h, checkId)) out.set(r.fingerprint, link(r));
  return [...out.values()];
}

/** Ranks every workload of the snapshot; only workloads with at least one factor are returned, highest score first. */
export function assessWorkloadRisk(ctx: CheckContext, results: readonly RiskInputResult[]): WorkloadRisk[] {
  const workloads = ctx.workloads;
  if (workloads.length === 0) return [];
  const failures = new FailureIndex(results);
  const byNamespace = new Map<string, Workload[]>();
  for (const w of workloads) {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(w);
    else byNamespace.set(w.namespace, [w]);
  }
  const exposure = exposureByWorkload(ctx, results, byNamespace);
  const unisolated = unisolatedWorkloads(results);
  let reportIndex: Map<string, GenericObject> | undefined;
  const reports = () => (reportIndex ??= new Map(ctx.snapshot.objects.vulnerabilityReports.map((r) => [`${r.metadata?.namespace || 'default'}/${r.metadata?.name ?? ''}`, r])));

  // RBAC power of the service accounts whose token is mounted; escalation only for those that hold an escalation permission.
  const powerOf = new Map<string, RbacPower>();
  for (const w of workloads) {
    if (!w.automountServiceAccountToken) continue;
    const key = subjectKey({ kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccountName });
    if (powerOf.has(key)) continue;
    const subject = ctx.rbac.subjectsByKey.get(key);
    powerOf.set(key, { subject, risks: new Set((subject?.risks ?? []).filter((m) => m.grants.length > 0).map((m) => m.riskId)), escalations: [] });
  }
  const escalating = new Set([...powerOf].filter(([, p]) => !p.risks.has('cluster-admin') && [...p.risks].some((r) => ESCALATION_RISKS.has(r))).map(([k]) => k));
  if (escalating.size > 0) {
    for (const path of escalationPaths(ctx.rbac, workloads, { includeSystem: true, from: escalating })) powerOf.get(subjectKey(path.from))?.escalations.push(path);
  }

  const out: Array<{ workload: Workload; key: string; risk: WorkloadRisk }> = [];
  const hasReports = ctx.snapshot.objects.vulnerabilityReports.length > 0;
  for (const w of workloads) {
    const key = refKey(w.ref);
    const saKey = subjectKey({ kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccountName });
    const power = powerOf.get(saKey);
    const exposed = exposure.get(key);
    const open = unisolated.get(`${w.namespace}/${w.ref.kind}/${w.ref.name}`);
    // Most workloads have no failure a factor reads, no exposure and no risky token: skip them cheaply.
    if (!exposed && !open && !failures.has(key) && !(power && power.risks.size > 0)) continue;
    const factors: RiskFactor[] = [];
    if (exposed) factors.push(factor('internet-exposed', 'exposure', exposed.points, exposed.reason, exposed.findings));
    if (open) factors.push(factor('no-network-policy', 'exposure', RISK_POINTS['no-network-policy'], `No NetworkPolicy limits which pods may reach it in namespace ${w.namespace}.`, [link(open)]));
    for (const [checkId, id, what] of PRIVILEGE_CHECKS) {
      const failed = failures.byKey(key, checkId);
      if (failed.length === 0) continue;
      factors.push(factor(id, 'privilege', RISK_POINTS[id as keyof typeof RISK_POINTS], `It ${what}.`, failed.map(link)));
    }
    const sa = `ServiceAccount ${w.namespace}/${w.serviceAccountName}`;
    if (power) {
      if (power.risks.has('cluster-admin')) {
        factors.push(factor('rbac-cluster-admin', 'rbac', RISK_POINTS['rbac-cluster-admin'], `Its token (${sa}) is cluster-admin.`, rbacFindings(power, 'cluster-admin', failures)));
      } else if (power.escalations.length > 0) {
        const toAdmin = power.escalations.find((e) => e.gains.includes('cluster-admin'));
        const best = toAdmin ?? power.escalations[0]!;
        const target = `${best.to.kind} ${best.to.namespace ? `${best.to.namespace}/` : ''}${best.to.name}`;
        factors.push(
          factor(
            'rbac-escalation',
            'rbac',
            toAdmin ? RISK_POINTS['rbac-escalation-cluster-admin'] : RISK_POINTS['rbac-escalation'],
            toAdmin ? `Its token (${sa}) can become ${target}, which is cluster-admin (${best.technique}).` : `Its token (${sa}) can become ${target} and gain ${best.gains.join(', ')} (${best.technique}).`,
            rbacFindings(power, best.technique === 'impersonate' ? 'impersonate' : best.technique, failures),
          ),
        );
      }
      if (!power.risks.has('cluster-admin')) {
        if (power.risks.has('secrets-read')) factors.push(factor('rbac-secrets-read', 'rbac', RISK_POINTS['rbac-secrets-read'], `Its token (${sa}) can read secrets.`, rbacFindings(power, 'secrets-read', failures)));
        if (power.risks.has('pod-exec')) factors.push(factor('rbac-pod-exec', 'rbac', RISK_POINTS['rbac-pod-exec'], `Its token (${sa}) can exec into pods.`, rbacFindings(power, 'pod-exec', failures)));
      }
    }
    if (hasReports) {
      const { cves, findings } = fixableCriticals(w, key, failures, reports);
      if (cves.length > 0) {
        const points = Math.min(RISK_POINTS['critical-cve-fixable-max'], RISK_POINTS['critical-cve-fixable'] + RISK_POINTS['critical-cve-fixable-more'] * (cves.length - 1));
        const shown = cves.slice(0, 3).map((c) => `${c.id} in ${c.pkg} (fixed in ${c.fixedVersion})`).join(', ');
        factors.push(factor('critical-cve-fixable', 'vulnerability', points, `Its image${cves.length > 1 ? 's have' : ' has'} ${cves.length} critical CVE${cves.length > 1 ? 's' : ''} with a fix available: ${shown}${cves.length > 3 ? ', …' : ''}.`, findings));
      }
    }
    if (factors.length === 0) continue;
    factors.sort((a, b) => b.points - a.points || a.id.localeCompare(b.id));
    const score = Math.min(100, factors.reduce((sum, f) => sum + f.points, 0));
    out.push({ workload: w, key, risk: { resource: w.ref, serviceAccount: w.serviceAccountName, score, factors } });
  }
  out.sort((a, b) => b.risk.score - a.risk.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { workload: w, key, risk } of out.slice(0, ATTACK_PATH_LIMIT)) {
    const exposed = exposure.get(key);
    const path = exposed ? attackPathOf(w, risk, exposed.entries, powerOf.get(subjectKey({ kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccountName }))) : undefined;
    if (path) risk.path = path;
  }
  return out.map((x) => x.risk);
}
