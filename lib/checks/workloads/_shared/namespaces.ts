import type { V1Namespace } from '@kubernetes/client-node';
import type { Workload } from '../../../k8s/pod-spec';
import { clusterResource, type CheckContext, type CheckResult } from '../../types';

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
