import type { Check, CheckResult } from '../types';
import type { Workload } from '../../k8s/pod-spec';
import { namespaceRef } from './_shared/workload';
import { namespaceObjects, workloadLabel, workloadsByNamespace, listGapResult } from './_shared/namespaces';
import { egressRuleAllows, egressVerdict, NETWORK_POLICY_GAP_ALIASES, podInfo, policiesByNamespace, selectingPolicies } from './_shared/network-policy';
import type { V1NetworkPolicy } from '@kubernetes/client-node';

/** The link-local metadata address of AWS, Azure, GCP (metadata.google.internal), OpenStack and others. */
export const METADATA_IP = '169.254.169.254';
const METADATA_PORT = 80;

/** Why a workload can reach the metadata API, or undefined when its egress policies block it. */
function metadataReachability(w: Workload, policies: V1NetworkPolicy[] | undefined): string | undefined {
  if (w.podSpec.hostNetwork === true) return 'it runs on the host network, where NetworkPolicy does not apply';
  const egress = selectingPolicies(policies, w.podMetadata.labels, 'Egress');
  if (egress.length === 0) return 'no egress NetworkPolicy selects it';
  for (const p of egress) {
    for (const rule of p.spec?.egress ?? []) {
      const verdict = egressRuleAllows(rule, METADATA_IP, METADATA_PORT);
      if (verdict.allowed) return `NetworkPolicy ${p.metadata?.name ?? ''} allows it through ${verdict.via}`;
    }
  }
  return undefined;
}

export const check: Check = {
  id: 'metadata-api-egress',
  title: 'Pods can reach the cloud metadata API',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads', 'cniNetworkPolicies', 'namespaces', 'networkPolicies'],
  guideRef: '5.7',
  description:
    `For every namespace with workloads, works out whether each workload's pods can open a connection to the cloud metadata API at ${METADATA_IP} (port 80). ` +
    'A pod is blocked only when at least one egress NetworkPolicy selects it and none of the egress rules that select it allows that address: a rule without a "to" list, or an ipBlock such as 0.0.0.0/0 that does not list the metadata address in "except", allows it. Pods on the host network are never covered by NetworkPolicy. ' +
    'One result per namespace; the evidence lists each exposed workload and why. System namespaces are not assessed. Cluster-wide CNI policies and provider-side protections (GKE metadata concealment, IMDSv2 hop limits) are not visible and not counted. ' +
    'When NetworkPolicies could not be listed (a coverage gap), the check is not applicable rather than failing every namespace.',
  rationale:
    'The metadata API hands out the node\'s cloud credentials and bootstrap data (on some platforms the kubelet\'s credentials). Any pod that can reach it can act as the node in the cloud account. The guide asks for network policies that block it for all pods that do not explicitly need it (5.7).',
  remediation: {
    steps: [
      'Add an egress NetworkPolicy to the namespace that selects all pods (empty podSelector).',
      `Allow the destinations the pods need; for internet access use an ipBlock 0.0.0.0/0 with except: [${METADATA_IP}/32].`,
      'Remember to allow DNS (UDP and TCP 53 to kube-dns) in the egress policy.',
      'Additionally enable the provider\'s protection (IMDSv2 with hop limit 1 on AWS, Workload Identity / metadata concealment on GKE).',
    ],
    kubectl: 'kubectl -n <namespace> apply -f deny-metadata-egress.yaml',
    patch:
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-metadata-egress\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [169.254.169.254/32]\n',
  },
  evaluate(ctx) {
    const gap = listGapResult(ctx, 'networkpolicies.networking.k8s.io', 'egress to the metadata API', NETWORK_POLICY_GAP_ALIASES);
    if (gap) return gap;
    const policies = policiesByNamespace(ctx.snapshot.objects.networkPolicies);
    const cni = ctx.snapshot.objects.cniNetworkPolicies;
    const namespaces = namespaceObjects(ctx);
    const results: CheckResult[] = [];
    for (const [ns, workloads] of workloadsByNamespace(ctx)) {
      const nsPolicies = policies.get(ns);
      const nsObject = namespaces.get(ns);
      const nsLabels = nsObject ? { ...(nsObject.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': ns } : undefined;
      const exposed: Array<{ workload: string; reason: string }> = [];
      const undetermined: Array<{ workload: string; policy: string }> = [];
      for (const w of workloads) {
        if (cni.length === 0 || w.podSpec.hostNetwork === true) {
          const reason = metadataReachability(w, nsPolicies);
          if (reason) exposed.push({ workload: workloadLabel(w), reason });
          continue;
        }
        const v = egressVerdict(podInfo(ns, w.podMetadata.labels, w.serviceAccountName, nsLabels), ctx.snapshot.objects.networkPolicies, cni, METADATA_IP, METADATA_PORT);
        if (v.state === 'allowed') exposed.push({ workload: workloadLabel(w), reason: v.via === 'no egress policy selects it' ? 'no egress NetworkPolicy or CNI policy selects it' : `${v.via} allows it` });
        else if (v.state === 'unknown') undetermined.push({ workload: workloadLabel(w), policy: v.via });
      }
      const evidence = {
        metadataAddress: METADATA_IP,
        workloads: workloads.length,
        exposedWorkloads: exposed,
        ...(undetermined.length > 0 ? { undeterminedWorkloads: undetermined } : {}),
      };
      if (exposed.length === 0 && undetermined.length > 0) {
        results.push({
          status: 'not-applicable',
          resource: namespaceRef(ns),
          message: `In namespace ${ns}, whether ${undetermined.length} of ${workloads.length} workloads can reach the metadata API at ${METADATA_IP} depends on policies whose reach cannot be worked out from the snapshot (${undetermined
            .slice(0, 3)
            .map((u) => `${u.workload}: ${u.policy}`)
            .join('; ')}); review them by hand.`,
          evidence,
        });
      } else if (exposed.length === 0) {
        results.push({ status: 'pass', resource: namespaceRef(ns), message: `No workload in namespace ${ns} can reach the metadata API at ${METADATA_IP}.`, evidence });
      } else {
        const first = exposed[0]!;
        results.push({
          status: 'fail',
          resource: namespaceRef(ns),
          message: `${exposed.length} of ${workloads.length} workloads in namespace ${ns} can reach the cloud metadata API at ${METADATA_IP} (${first.workload}: ${first.reason}${exposed.length > 1 ? '; ...' : ''}).`,
          evidence,
        });
      }
    }
    return results;
  },
};
