import type { V1Namespace } from '@kubernetes/client-node';
import type { Workload } from '../../../k8s/pod-spec';
import type { CheckContext } from '../../types';

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
