import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCheckContext } from '../../checks/context';
import { loadFixtureSnapshot } from '../../checks/test-utils';
import { assessWorkloadRisk } from '../../risk';
import { evaluateSnapshot } from '../../evaluation/evaluate';
import { attackPathGraph } from './attack-path-graph';
import { rbacArtifactFromSnapshot } from './artifact';
import { buildRbacModel } from './model';

function drawn(fixture: string) {
  const snapshot = loadFixtureSnapshot(path.join(import.meta.dirname, '../../risk/__fixtures__', fixture));
  const risk = assessWorkloadRisk(createCheckContext(snapshot), evaluateSnapshot(snapshot).results).find((r) => r.resource.name === 'console')!;
  const model = buildRbacModel(rbacArtifactFromSnapshot(snapshot));
  return { risk, ...attackPathGraph(model, risk.path!, risk.resource) };
}

const kinds = (graph: ReturnType<typeof drawn>['graph'], ids: readonly string[]) => ids.map((id) => graph.nodes.find((n) => n.id === id)?.kind);

describe('an attack path on the RBAC graph', () => {
  it('marks workload → ServiceAccount → binding → cluster-admin role in order, every hop keeping its findings, the cut hop flagged', () => {
    const { graph, overlay, risk } = drawn('path.cluster-admin.yaml');
    expect(overlay.hops.map((h) => h.kind)).toEqual(['internet', 'entry', 'container', 'service-account', 'target']);
    expect(overlay.hops.map((h) => h.findings)).toEqual(risk.path!.hops.map((h) => h.findings));
    // Outside RBAC: no graph node; inside: the workload, its account and the role that makes it cluster-admin.
    expect(overlay.hops.map((h) => h.nodeId?.split(':')[0])).toEqual([undefined, undefined, 'workload', 'subject', 'role']);
    expect(overlay.hops.filter((h) => h.cut).map((h) => h.kind)).toEqual(['service-account']);
    expect(kinds(graph, overlay.nodeIds)).toEqual(['Deployment', 'ServiceAccount', 'ClusterRoleBinding', 'ClusterRole', 'Rule']);
    expect(overlay.hops[4]!.nodeId).toBe('role:ClusterRole:cluster-admin');
    // Every path edge is drawn and joins consecutive path nodes.
    expect(overlay.edgeIds).toHaveLength(overlay.nodeIds.length - 1);
    for (const id of overlay.edgeIds) expect(graph.edges.some((e) => e.id === id)).toBe(true);
    expect(graph.focus).toBe(overlay.nodeIds[0]);
  });

  it('through an escalation: the first account reaches the escalating grant, the second one cluster-admin', () => {
    const { graph, overlay } = drawn('path.escalation.yaml');
    expect(overlay.hops.map((h) => h.kind)).toEqual(['internet', 'entry', 'container', 'service-account', 'escalation', 'target']);
    const sa = overlay.hops[3]!.nodeId!;
    const target = overlay.hops[4]!.nodeId!;
    expect(target).toBe('subject:ServiceAccount:tools/deployer');
    expect(overlay.nodeIds.indexOf(sa)).toBeLessThan(overlay.nodeIds.indexOf(target));
    const rules = graph.nodes.filter((n) => overlay.nodeIds.includes(n.id) && n.type === 'permission');
    expect(rules.map((r) => r.risks.some((x) => ['serviceaccount-token-create', 'cluster-admin'].includes(x)))).toEqual([true, true]);
    expect(overlay.hops[5]!.nodeId?.startsWith('role:')).toBe(true);
  });

  it('to the node: only the workload is on the RBAC graph', () => {
    const { overlay } = drawn('path.node.yaml');
    expect(overlay.hops.map((h) => h.nodeId?.split(':')[0])).toEqual([undefined, undefined, 'workload', undefined]);
    expect(overlay.nodeIds).toHaveLength(1);
    expect(overlay.hops.at(-1)!.cut).toBe(true);
  });
});
