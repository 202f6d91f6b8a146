/**
 * An attack path (lib/risk/attack-path.ts) drawn on the RBAC graph: the graph around the workload
 * with the hops that live in RBAC — the workload, the ServiceAccount whose token it mounts, the
 * binding and role that make it cluster-admin (or grant the escalation), the account it escalates
 * to — marked in order, and the hops outside RBAC (the internet, the exposed Service, the node)
 * listed with them. Each hop keeps the findings that break it. Pure.
 */
import type { ResourceRef } from '../../vocabulary';
import type { AttackHopKind, AttackPath, FindingLink } from '../../risk/types';
import { subjectNodeId, workloadNodeId } from '../graph';
import { chainTo, graphNeighbourhood, viewOfNodes, type GraphView } from './graph-view';
import type { RbacModel } from './model';

export interface AttackPathGraphHop {
  kind: AttackHopKind;
  label: string;
  via: string;
  /** The graph node this hop stands on; absent for hops outside RBAC (internet, entry, node). */
  nodeId?: string;
  findings: FindingLink[];
  /** The smallest fix cuts the path at this hop. */
  cut: boolean;
}

export interface AttackPathOverlay {
  target: AttackPath['target'];
  hops: AttackPathGraphHop[];
  /** Graph nodes and edges on the path, in order. */
  nodeIds: string[];
  edgeIds: string[];
  action: string;
}

/** Edges an attacker walks forwards: subject → binding → role → rule (aggregation and group membership included). */
const FORWARD = new Set(['bound-by', 'references', 'allows', 'aggregates', 'member-of']);
const ESCALATION_RISKS = new Set(['workload-create', 'serviceaccount-token-create', 'impersonate', 'pod-exec']);
/** Context drawn around the path (dimmed): the workload's neighbourhood, bounded. */
const CONTEXT_HOPS = 2;
const CONTEXT_NODES = 80;

const saNode = (r: ResourceRef | undefined) => (r?.kind === 'ServiceAccount' && r.namespace ? subjectNodeId({ kind: 'ServiceAccount', namespace: r.namespace, name: r.name }) : undefined);

export function attackPathGraph(model: RbacModel, path: AttackPath, workload: ResourceRef): { graph: GraphView; overlay: AttackPathOverlay } {
  // System subjects stay: an escalation often ends at one of them.
  const includeSystem = true;
  const workloadId = workloadNodeId(workload);
  const nodeIds: string[] = [];
  const edgeIds: string[] = [];
  const add = (chain: { nodeIds: string[]; edgeIds: string[] } | undefined) => {
    if (!chain) return;
    for (const id of chain.nodeIds) if (!nodeIds.includes(id)) nodeIds.push(id);
    edgeIds.push(...chain.edgeIds);
  };
  const graphEdges = model.graph(includeSystem).edges;
  const hopNode = new Map<number, string>();
  path.hops.forEach((hop, i) => {
    if (hop.kind === 'container') {
      add({ nodeIds: [workloadId], edgeIds: [] });
      hopNode.set(i, workloadId);
    } else if (hop.kind === 'service-account' || hop.kind === 'escalation') {
      const id = saNode(hop.resource);
      if (!id) return;
      if (hop.kind === 'service-account') {
        const usedBy = graphEdges.find((e) => e.type === 'used-by' && e.source === id && e.target === workloadId);
        add({ nodeIds: [id], edgeIds: usedBy ? [usedBy.id] : [] });
      } else add({ nodeIds: [id], edgeIds: [] });
      hopNode.set(i, id);
      const next = path.hops[i + 1];
      // The grant this account uses: the escalation permission, or cluster-admin at the end.
      const goal = next?.kind === 'escalation' ? (r: readonly string[]) => r.some((x) => ESCALATION_RISKS.has(x)) : (r: readonly string[]) => r.includes('cluster-admin');
      if (next?.kind === 'escalation' || next?.kind === 'target') add(chainTo(model, includeSystem, id, FORWARD, (node, risks) => node.startsWith('permission:') && goal(risks)));
    } else if (hop.kind === 'target' && path.target === 'cluster-admin') {
      // The role that grants cluster-admin: the last role on the chain walked so far.
      const role = [...nodeIds].reverse().find((n) => n.startsWith('role:'));
      if (role) hopNode.set(i, role);
    }
  });
  const context = graphNeighbourhood(model, { focus: workloadId, hops: CONTEXT_HOPS, includeSystem, maxNodes: CONTEXT_NODES });
  const { nodes, edges } = viewOfNodes(model, includeSystem, [...context.nodes.map((n) => n.id), ...nodeIds], workloadId);
  const all = model.graph(includeSystem);
  return {
    graph: { nodes, edges, focus: nodes.some((n) => n.id === workloadId) ? workloadId : null, hops: CONTEXT_HOPS, truncated: context.truncated, totalNodes: all.nodes.length, totalEdges: all.edges.length, riskySubjects: 0, seeded: 0 },
    overlay: {
      target: path.target,
      hops: path.hops.map((hop, i) => ({ kind: hop.kind, label: hop.label, via: hop.via, ...(hopNode.has(i) ? { nodeId: hopNode.get(i)! } : {}), findings: hop.findings, cut: i === path.cut.hop })),
      nodeIds: nodeIds.filter((id) => nodes.some((n) => n.id === id)),
      edgeIds: edgeIds.filter((id) => edges.some((e) => e.id === id)),
      action: path.cut.action,
    },
  };
}
