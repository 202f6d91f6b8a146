/**
 * The graph the explorer shows: a focused neighbourhood of the full RBAC graph (lib/rbac/graph.ts),
 * never the whole graph (a cluster with 5,000 bindings has tens of thousands of nodes).
 *
 * - focus: a node id → every node within `hops` edges of it (edges followed in both directions);
 *   without focus: the most dangerous subjects that pass the filters, and their neighbourhoods.
 * - filters (namespace, subject kind, risk) prune the nodes the walk may enter; the focus node
 *   itself always stays. System subjects are left out unless includeSystem.
 * - risky nodes and edges carry the risk ids and the most severe severity, for colouring.
 * Plain serialisable data: no React here.
 */
import type { Severity } from '../../vocabulary';
import type { RbacGraphEdge, RbacGraphEdgeType, RbacGraphNode } from '../graph';
import { matchRisks, RISKS_BY_ID } from '../risks';
import type { Grant, SubjectKind } from '../types';
import type { RbacModel } from './model';
import { SEVERITIES, severityRank, worstSeverity } from '../../vocabulary';

export interface GraphViewOptions {
  focus?: string;
  hops?: number;
  namespace?: string;
  subjectKind?: SubjectKind;
  risk?: string;
  includeSystem?: boolean;
  /** Upper bound on nodes returned (default 300); `truncated` says when it was hit. */
  maxNodes?: number;
  /** Subjects seeded when there is no focus, riskiest first (default DEFAULT_SEEDS). */
  maxSeeds?: number;
}

export interface GraphViewNode {
  id: string;
  type: RbacGraphNode['type'];
  label: string;
  /** Kind shown on the node: ServiceAccount, User, Group, RoleBinding, ClusterRole, rule, Deployment, ... */
  kind: string;
  namespace?: string;
  isSystem: boolean;
  risks: string[];
  severity?: Severity;
  /** The node is the focus of the view. */
  focus: boolean;
  /** The underlying graph node (subject, binding, role, rule or workload details). */
  data: RbacGraphNode;
}

export interface GraphViewEdge {
  id: string;
  type: RbacGraphEdgeType;
  source: string;
  target: string;
  risks: string[];
  severity?: Severity;
}

export interface GraphView {
  nodes: GraphViewNode[];
  edges: GraphViewEdge[];
  focus: string | null;
  hops: number;
  /** The node limit cut the neighbourhood short. */
  truncated: boolean;
  /** Size of the whole graph (with the includeSystem setting), for context. */
  totalNodes: number;
  totalEdges: number;
  /** Without focus: the risky subjects passing the filters, and how many of them (the riskiest) the view starts from. */
  riskySubjects: number;
  seeded: number;
}

/** Subjects the default view starts from: few enough that labels stay legible at 1280 px. */
export const DEFAULT_SEEDS = 5;


export function maxSeverity(risks: readonly string[]): Severity | undefined {
  const severities = new Set(risks.map((id) => RISKS_BY_ID.get(id)?.severity));
  return worstSeverity(severities);
}

function nodeNamespace(node: RbacGraphNode): string | undefined {
  switch (node.type) {
    case 'subject':
      return node.subject.namespace;
    case 'binding':
      return node.binding.namespace;
    case 'role':
    case 'permission':
      return node.role.namespace;
    case 'workload':
      return node.workload.namespace;
  }
}

function nodeKind(node: RbacGraphNode): string {
  switch (node.type) {
    case 'subject':
      return node.subject.kind;
    case 'binding':
      return node.binding.kind;
    case 'role':
      return node.role.kind;
    case 'permission':
      return 'Rule';
    case 'workload':
      return node.workload.kind;
  }
}

/** Risks of one rule as written in its role (a ClusterRole's rule is judged cluster-wide, where it is most dangerous). */
function permissionRisks(node: Extract<RbacGraphNode, { type: 'permission' }>): string[] {
  const grant: Grant = {
    ...node.rule,
    subject: { kind: 'User', name: '' },
    scope: node.role.kind === 'Role' ? { kind: 'namespace', namespace: node.role.namespace ?? 'default' } : { kind: 'cluster' },
    via: { binding: { kind: 'ClusterRoleBinding', name: '' }, role: node.role, ruleIndex: node.ruleIndex },
  };
  return matchRisks([grant])
    .filter((m) => m.grants.length > 0)
    .map((m) => m.riskId);
}

function nodeRisks(node: RbacGraphNode): string[] {
  if (node.type === 'subject' || node.type === 'binding') return node.risks;
  if (node.type === 'permission') return permissionRisks(node);
  return [];
}

function isSystemNode(node: RbacGraphNode): boolean {
  return node.type === 'subject' || node.type === 'role' ? node.isSystem : false;
}

/** Index of one full graph: adjacency and per-node risks (cached per graph object). */
interface GraphIndex {
  byId: Map<string, RbacGraphNode>;
  adjacent: Map<string, RbacGraphEdge[]>;
  risks: Map<string, string[]>;
}

const indexes = new WeakMap<object, GraphIndex>();

function indexOf(model: RbacModel, includeSystem: boolean): GraphIndex {
  const graph = model.graph(includeSystem);
  let index = indexes.get(graph);
  if (index) return index;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const adjacent = new Map<string, RbacGraphEdge[]>();
  for (const edge of graph.edges) {
    for (const end of [edge.source, edge.target]) {
      let list = adjacent.get(end);
      if (!list) adjacent.set(end, (list = []));
      list.push(edge);
    }
  }
  const risks = new Map<string, string[]>();
  for (const node of graph.nodes) risks.set(node.id, nodeRisks(node));
  index = { byId, adjacent, risks };
  indexes.set(graph, index);
  return index;
}

function passesFilters(node: RbacGraphNode, risks: string[], options: GraphViewOptions): boolean {
  if (options.namespace) {
    const ns = nodeNamespace(node);
    if (ns !== undefined && ns !== options.namespace) return false;
  }
  if (node.type === 'subject') {
    if (options.subjectKind && node.subject.kind !== options.subjectKind) return false;
    if (options.risk && !risks.includes(options.risk)) return false;
  }
  if (node.type === 'binding' && options.risk && !risks.includes(options.risk)) return false;
  return true;
}

export function clampHops(hops: number | undefined): number {
  return Math.min(3, Math.max(1, Math.trunc(hops ?? 2)));
}

/** Node ids and labels matching a search text (subjects first), for the focus search box. */
export function searchGraphNodes(model: RbacModel, text: string, options: { includeSystem?: boolean; limit?: number } = {}): Array<{ id: string; label: string; kind: string; type: RbacGraphNode['type'] }> {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const order: Record<RbacGraphNode['type'], number> = { subject: 0, workload: 1, binding: 2, role: 3, permission: 4 };
  const matches = model
    .graph(options.includeSystem ?? false)
    .nodes.filter((n) => n.type !== 'permission' && (n.label.toLowerCase().includes(needle) || n.id.toLowerCase().includes(needle)))
    .map((n) => ({ id: n.id, label: n.label, kind: nodeKind(n), type: n.type, exact: n.label.toLowerCase() === needle || n.label.toLowerCase().endsWith(`/${needle}`) }));
  matches.sort((a, b) => Number(b.exact) - Number(a.exact) || order[a.type] - order[b.type] || a.label.localeCompare(b.label));
  return matches.slice(0, options.limit ?? 20).map(({ exact: _exact, ...m }) => m);
}

export function graphNeighbourhood(model: RbacModel, options: GraphViewOptions = {}): GraphView {
  const includeSystem = options.includeSystem ?? false;
  const hops = clampHops(options.hops);
  const maxNodes = options.maxNodes ?? 300;
  const graph = model.graph(includeSystem);
  const { byId, adjacent, risks } = indexOf(model, includeSystem);

  let seeds: string[];
  let focus: string | null = null;
  let riskySubjects = 0;
  if (options.focus) {
    if (!byId.has(options.focus)) return { nodes: [], edges: [], focus: null, hops, truncated: false, totalNodes: graph.nodes.length, totalEdges: graph.edges.length, riskySubjects: 0, seeded: 0 };
    focus = options.focus;
    seeds = [focus];
  } else {
    const rank = (id: string): number => {
      const sev = maxSeverity(risks.get(id) ?? []);
      return sev ? severityRank(sev) : SEVERITIES.length;
    };
    const ranked = graph.nodes
      .filter((n) => n.type === 'subject' && (risks.get(n.id)?.length ?? 0) > 0 && passesFilters(n, risks.get(n.id) ?? [], options))
      .map((n) => n.id)
      .sort((a, b) => rank(a) - rank(b) || (risks.get(b)?.length ?? 0) - (risks.get(a)?.length ?? 0) || a.localeCompare(b));
    riskySubjects = ranked.length;
    seeds = ranked.slice(0, options.maxSeeds ?? DEFAULT_SEEDS);
  }

  const depth = new Map<string, number>(seeds.map((id) => [id, 0]));
  let frontier = [...seeds];
  let truncated = false;
  for (let d = 1; d <= hops && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of adjacent.get(id) ?? []) {
        const other = edge.source === id ? edge.target : edge.source;
        if (depth.has(other)) continue;
        const node = byId.get(other)!;
        if (!passesFilters(node, risks.get(other) ?? [], options)) continue;
        if (depth.size >= maxNodes) {
          truncated = true;
          break;
        }
        depth.set(other, d);
        next.push(other);
      }
    }
    frontier = next;
  }

  const { nodes, edges } = viewOfNodes(model, includeSystem, depth.keys(), focus);
  return { nodes, edges, focus, hops, truncated, totalNodes: graph.nodes.length, totalEdges: graph.edges.length, riskySubjects, seeded: focus ? 0 : seeds.length };
}

/** The view nodes and edges of a set of graph node ids (unknown ids are skipped): every graph edge between two of them. */
export function viewOfNodes(model: RbacModel, includeSystem: boolean, ids: Iterable<string>, focus: string | null): Pick<GraphView, 'nodes' | 'edges'> {
  const graph = model.graph(includeSystem);
  const { byId, risks } = indexOf(model, includeSystem);
  const included = new Set([...ids].filter((id) => byId.has(id)));
  const nodes: GraphViewNode[] = [...included].map((id) => {
    const node = byId.get(id)!;
    const nodeRiskIds = risks.get(id) ?? [];
    const severity = maxSeverity(nodeRiskIds);
    const namespace = nodeNamespace(node);
    return {
      id,
      type: node.type,
      label: node.label,
      kind: nodeKind(node),
      ...(namespace !== undefined ? { namespace } : {}),
      isSystem: isSystemNode(node),
      risks: nodeRiskIds,
      ...(severity ? { severity } : {}),
      focus: id === focus,
      data: node,
    };
  });
  const edges: GraphViewEdge[] = [];
  for (const edge of graph.edges) {
    if (!included.has(edge.source) || !included.has(edge.target)) continue;
    // An edge is risky when it leads to what carries the risk: subject → risky binding → role → risky rule.
    let edgeRisks: string[] = [];
    if (edge.type === 'bound-by') edgeRisks = risks.get(edge.target) ?? [];
    else if (edge.type === 'references') edgeRisks = risks.get(edge.source) ?? [];
    else if (edge.type === 'allows') edgeRisks = risks.get(edge.target) ?? [];
    const severity = maxSeverity(edgeRisks);
    edges.push({ id: edge.id, type: edge.type, source: edge.source, target: edge.target, risks: edgeRisks, ...(severity ? { severity } : {}) });
  }
  return { nodes, edges };
}

/**
 * The shortest chain of graph edges from `from`, followed only forwards and only along the given
 * edge types, to a node for which `isGoal` holds: the node ids and edge ids on it, or undefined.
 */
export function chainTo(model: RbacModel, includeSystem: boolean, from: string, types: ReadonlySet<string>, isGoal: (id: string, risks: readonly string[]) => boolean): { nodeIds: string[]; edgeIds: string[] } | undefined {
  const { byId, adjacent, risks } = indexOf(model, includeSystem);
  if (!byId.has(from)) return undefined;
  const via = new Map<string, { prev: string; edge: string } | null>([[from, null]]);
  let frontier = [from];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      if (id !== from && isGoal(id, risks.get(id) ?? [])) {
        const nodeIds: string[] = [];
        const edgeIds: string[] = [];
        for (let at: string | undefined = id; at !== undefined; ) {
          nodeIds.unshift(at);
          const step = via.get(at);
          if (step) edgeIds.unshift(step.edge);
          at = step?.prev;
        }
        return { nodeIds, edgeIds };
      }
      for (const edge of adjacent.get(id) ?? []) {
        if (edge.source !== id || !types.has(edge.type) || via.has(edge.target)) continue;
        via.set(edge.target, { prev: id, edge: edge.id });
        next.push(edge.target);
      }
    }
    frontier = next;
  }
  return undefined;
}
