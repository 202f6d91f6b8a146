import type { V1Namespace } from '@kubernetes/client-node';
import type { Workload } from '../../../k8s/pod-spec';
import { clusterResource, type CheckContext, type CheckResult } from '../../types';
import { namespaceRef } from './workload';

/** Non-system workloads grouped by namespace, in first-seen order. */
export function workloadsByNamespace(ctx: CheckContext): Map<string, Workload[]> {
  const byNs = new Map<string, Workload[]>();
  for (const w of ctx.workloads) {
    if (w.isSystem) continue;
    const list = byNs.get(w.namespace);
    if (list) list.push(w);
    else byNs.set(w.namespace, [w]);
  }
  return byNs;
}

/** Namespace objects by name. */
export function namespaceObjects(ctx: CheckContext): Map<string, V1Namespace> {
  const map = new Map<string, V1Namespace>();
  for (const ns of ctx.snapshot.objects.namespaces) {
    if (ns.metadata?.name) map.set(ns.metadata.name, ns);
  }
  return map;
}

/** `Deployment/api`, for evidence lists. */
export function workloadLabel(w: Workload): string {
  return `${w.ref.kind}/${w.ref.name}`;
}

/**
 * When the scanner could not list a kind a namespace-level check decides on (a 403 recorded as a
 * coverage gap), "none seen" is not "none exist": the check returns one not-applicable result on
 * the cluster instead of failing every namespace. `resource` is the gap's resource name
 * (`networkpolicies.networking.k8s.io`, `resourcequotas`).
 */
export function listGapResult(ctx: CheckContext, resource: string, what: string, aliases: readonly string[] = []): CheckResult[] | undefined {
  const gaps = ctx.snapshot.coverage.gaps.filter((g) => g.resource === resource || aliases.includes(g.resource));
  if (gaps.length === 0) return undefined;
  // A bare plural (the live collector's name for a core list) is the same resource as `resource`.
  const names = [...new Set(gaps.map((g) => (g.resource.includes('.') ? g.resource : resource)))].join(', ');
  return [
    {
      status: 'not-applicable',
      resource: clusterResource(ctx.snapshot),
      message: `${names} could not be listed (${gaps.map((g) => g.reason).join(', ')}), so ${what} cannot be judged. Allow the scanner to list ${names}.`,
      evidence: { gaps: gaps.map((g) => g.resource) },
    },
  ];
}

/**
 * Pods on the host network share the node's address: network policies do not govern them
 * (host-namespaces reports hostNetwork), so they neither count as covered nor fail here. A
 * namespace holding only such pods is not applicable.
 */
export function splitHostNetwork(ns: string, all: Workload[]): { hostNetwork: Workload[]; workloads: Workload[]; onlyHostNetwork?: CheckResult } {
  const hostNetwork = all.filter((w) => w.podSpec.hostNetwork === true);
  const workloads = all.filter((w) => w.podSpec.hostNetwork !== true);
  if (workloads.length > 0) return { hostNetwork, workloads };
  return {
    hostNetwork,
    workloads,
    onlyHostNetwork: {
      status: 'not-applicable',
      resource: namespaceRef(ns),
      message: `Namespace ${ns} holds only workloads on the host network (${hostNetwork.slice(0, 5).map(workloadLabel).join(', ')}), which NetworkPolicy does not govern.`,
      evidence: { hostNetworkWorkloads: hostNetwork.map(workloadLabel) },
    },
  };
}

/** One namespace as the network-policy checks judge it: its pod-network workloads and the labels policies select it by. */
export interface NetworkNamespace {
  ns: string;
  /** Workloads on the pod network (the ones NetworkPolicy governs). */
  workloads: Workload[];
  hostNetwork: Workload[];
  /** The Namespace's labels plus `kubernetes.io/metadata.name`; undefined when the Namespace object is not in the snapshot. */
  labels: Record<string, string> | undefined;
}

/**
 * The namespaces with non-system workloads, for checks that judge network isolation: a namespace
 * holding only host-network workloads yields its not-applicable result (pushed to `results`)
 * instead of being returned.
 */
export function networkNamespaces(ctx: CheckContext, results: CheckResult[]): NetworkNamespace[] {
  const namespaces = namespaceObjects(ctx);
  const out: NetworkNamespace[] = [];
  for (const [ns, all] of workloadsByNamespace(ctx)) {
    const { hostNetwork, workloads, onlyHostNetwork } = splitHostNetwork(ns, all);
    if (onlyHostNetwork) {
      results.push(onlyHostNetwork);
      continue;
    }
    const nsObject = namespaces.get(ns);
    out.push({ ns, workloads, hostNetwork, labels: nsObject ? { ...(nsObject.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': ns } : undefined });
  }
  return out;
}
