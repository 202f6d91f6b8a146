/**
 * Attack paths (docs/RISK.md): for a top-ranked workload, the chain an attacker walks from the
 * internet to cluster-admin or to a node, each hop with the findings that break it, and the
 * smallest fix that cuts the chain. Pure; built from the factors assess already found.
 */
import type { Workload } from '../k8s/pod-spec';
import type { EscalationPath } from '../rbac';
import type { AttackHop, AttackPath, FindingLink, RiskFactor, RiskFactorId, WorkloadRisk } from './types';

export interface ExposureEntry {
  resource: { apiVersion: string; kind: string; namespace?: string; name: string };
  label: string;
  finding?: FindingLink;
}

export interface PathPower {
  escalations: readonly EscalationPath[];
}

const NODE_FACTORS: readonly RiskFactorId[] = ['privileged', 'host-path', 'host-namespaces'];

const TECHNIQUE_TEXT: Record<EscalationPath['technique'], string> = {
  'workload-create': 'can create a pod that runs as',
  'serviceaccount-token-create': 'can mint a token for',
  impersonate: 'can impersonate',
  'pod-exec': 'can exec into a pod that holds the token of',
};

/**
 * The path of one workload, or undefined when it has none: it needs an entry from outside (a
 * public Service or an Ingress) and an end worth taking (cluster-admin, directly or by escalation,
 * or the node through a privileged container, a hostPath or host namespaces).
 */
export function attackPathOf(w: Workload, risk: WorkloadRisk, entries: readonly ExposureEntry[], power: PathPower | undefined): AttackPath | undefined {
  if (entries.length === 0) return undefined;
  const byId = new Map<RiskFactorId, RiskFactor>(risk.factors.map((f) => [f.id, f]));
  const admin = byId.get('rbac-cluster-admin');
  const escalation = byId.get('rbac-escalation');
  const toAdmin = escalation ? power?.escalations.find((e) => e.gains.includes('cluster-admin')) : undefined;
  const node = NODE_FACTORS.map((id) => byId.get(id)).find((f): f is RiskFactor => f !== undefined);
  if (!admin && !toAdmin && !node) return undefined;

  const entry = entries.find((e) => e.finding) ?? entries[0]!;
  const cve = byId.get('critical-cve-fixable');
  const workloadLabel = w.description;
  const sa = `ServiceAccount ${w.namespace}/${w.serviceAccountName}`;
  const hops: AttackHop[] = [
    { kind: 'internet', label: 'Internet', via: 'Any address outside the cluster.', findings: [] },
    { kind: 'entry', label: entry.label, resource: entry.resource, via: `Routes outside traffic to ${workloadLabel}.`, findings: entry.finding ? [entry.finding] : [] },
    {
      kind: 'container',
      label: workloadLabel,
      resource: w.ref,
      via: cve ? `Code execution in the container: ${cve.reason.replace(/^Its images? (has|have) /, '')}` : 'Code execution through a flaw in the exposed application.',
      findings: cve?.findings ?? [],
    },
  ];
  const saResource = { apiVersion: 'v1', kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccountName };
  let target: AttackPath['target'];
  let cutHop: number;
  let action: string;
  if (admin || toAdmin) {
    target = 'cluster-admin';
    if (admin) {
      hops.push({ kind: 'service-account', label: sa, resource: saResource, via: 'Reads the service-account token mounted in the pod; the account is bound to cluster-admin.', findings: admin.findings });
      cutHop = hops.length - 1;
      action = `Remove the binding that makes ${sa} cluster-admin and grant it only what the application calls, or set automountServiceAccountToken: false on ${workloadLabel} if it never calls the API.`;
    } else {
      const e = toAdmin!;
      const to = `ServiceAccount ${e.to.namespace}/${e.to.name}`;
      hops.push({ kind: 'service-account', label: sa, resource: saResource, via: `Reads the service-account token mounted in the pod; the account ${TECHNIQUE_TEXT[e.technique]} ${to}.`, findings: escalation!.findings });
      cutHop = hops.length - 1;
      hops.push({ kind: 'escalation', label: to, resource: { apiVersion: 'v1', kind: 'ServiceAccount', namespace: e.to.namespace, name: e.to.name }, via: `${to} is bound to cluster-admin.`, findings: [] });
      action = `Remove the ${e.technique} permission from ${sa} (the grant in the linked finding): without it the token cannot become ${to}.`;
    }
    hops.push({ kind: 'target', label: 'cluster-admin', via: 'Full control of the cluster: every secret, every workload, RBAC itself.', findings: [] });
  } else {
    target = 'node';
    hops.push({ kind: 'target', label: 'Node', via: `${node!.reason.replace(/^It /, 'The container ').replace(/\.$/, '')}: a way out of the container onto its node.`, findings: node!.findings });
    cutHop = hops.length - 1;
    action = `Fix ${workloadLabel}: ${node!.id === 'privileged' ? 'drop privileged: true' : node!.id === 'host-path' ? 'replace the hostPath volume' : 'stop sharing the host namespaces'} (the patch is on the linked finding).`;
  }
  // The smallest fix takes power away at the step that grants it (one binding, one securityContext
  // field) and leaves what the application serves alone. When that step has no finding to act on
  // (a grant nobody reports), fall back to patching the image, then to closing the entry.
  if (hops[cutHop]!.findings.length === 0) {
    if (cve && cve.findings.length > 0) {
      cutHop = 2;
      action = `Rebuild ${workloadLabel}'s image with the fixed package versions: without the vulnerability there is no foothold.`;
    } else if (entry.finding) {
      cutHop = 1;
      action = `Make ${entry.label} reachable only inside the cluster (type ClusterIP) or behind the Ingress controller.`;
    }
  }
  return { target, hops, cut: { hop: cutHop, action, ...(hops[cutHop]!.findings[0] ? { finding: hops[cutHop]!.findings[0] } : {}) } };
}
