'use client';

/**
 * The RBAC graph on screen: @xyflow/react with a dagre layout (./layout). Nodes are coloured by
 * their most severe risk, risky edges are coloured and animated, the focus node is outlined.
 * The view model stays plain data (GraphView); React only renders it.
 *
 * Legibility: the smallest text on a node is 11 px at zoom 1, and the view never opens below
 * zoom 1 (MIN_OPEN_ZOOM). A graph that fits the canvas at that zoom is fitted to it (up to 1.25×,
 * using the whole canvas); a larger one opens at zoom 1 at its top left (./layout: openingViewport).
 */
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { clsx } from 'clsx';
import { memo, useCallback, useMemo, useState, type CSSProperties } from 'react';
import type { GraphView, GraphViewNode } from '@/lib/rbac/explorer/graph-view';
import { FIT_PADDING, layoutGraph, MIN_OPEN_ZOOM, NODE_HEIGHT, NODE_WIDTH, openingViewport } from './layout';

const SEVERITY_VAR: Record<string, string> = {
  critical: 'var(--severity-critical)',
  high: 'var(--severity-high)',
  medium: 'var(--severity-medium)',
  low: 'var(--severity-low)',
  info: 'var(--severity-info)',
};

const TYPE_ACCENT: Record<GraphViewNode['type'], string> = {
  subject: 'bg-accent',
  binding: 'bg-info',
  role: 'bg-success',
  permission: 'bg-subtle',
  workload: 'bg-warning',
};

/** `step`: the node's place on a highlighted attack path (1-based); `dimmed`: off the path while one is shown. */
type RbacNodeData = { node: GraphViewNode; selected: boolean; step?: number; dimmed?: boolean };
type RbacFlowNode = Node<RbacNodeData, 'rbac'>;

const RbacNode = memo(function RbacNode({ data: { node: data, selected, step, dimmed } }: NodeProps<RbacFlowNode>) {
  const color = data.severity ? SEVERITY_VAR[data.severity] : undefined;
  return (
    <div
      data-testid="graph-node"
      data-node-id={data.id}
      data-risky={data.risks.length > 0 ? 'true' : 'false'}
      data-path-step={step ?? undefined}
      className={clsx(
        'relative flex h-full w-full flex-col justify-center overflow-hidden rounded-lg border bg-surface px-3 text-left shadow-sm',
        selected ? 'ring-2 ring-ring' : step ? 'ring-4 ring-[var(--severity-critical)]/60' : '',
        dimmed ? 'opacity-40' : '',
        data.focus ? 'border-[3px]' : data.severity ? 'border-2' : 'border-border-strong',
      )}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT, ...(color ? { borderColor: color } : {}) }}
      title={`${data.kind} ${data.label}${data.risks.length ? ` — risks: ${data.risks.join(', ')}` : ''}`}
    >
      <Handle type="target" position={Position.Left} className="!size-1.5 !border-0 !bg-border-strong" />
      <span className={clsx('absolute top-0 left-0 h-full w-1', TYPE_ACCENT[data.type])} aria-hidden="true" />
      <span className="flex items-center gap-1.5 text-[11px] leading-4 font-medium tracking-wide text-muted uppercase" data-testid="graph-node-kind">
        {step ? (
          <span className="rounded bg-[var(--severity-critical)] px-1 font-semibold normal-case text-white" data-testid="path-step">
            step {step}
          </span>
        ) : null}
        {data.kind}
        {data.isSystem ? <span className="rounded bg-surface-muted px-1 normal-case">system</span> : null}
        {data.risks.length > 0 ? (
          <span className="ml-auto truncate rounded px-1 font-semibold normal-case text-white" style={{ backgroundColor: color }} data-testid="risk-badge">
            {data.risks.length === 1 ? data.risks[0] : `${data.risks.length} risks`}
          </span>
        ) : null}
      </span>
      <span className="truncate text-[13px] leading-5 font-semibold text-foreground" data-testid="graph-node-label">
        {data.label}
      </span>
      <Handle type="source" position={Position.Right} className="!size-1.5 !border-0 !bg-border-strong" />
    </div>
  );
});

const nodeTypes = { rbac: RbacNode };

export function RbacGraphCanvas({
  view,
  selected,
  onSelect,
  dark,
  path,
}: {
  view: GraphView;
  selected: string | null;
  onSelect: (id: string) => void;
  dark: boolean;
  /** An attack path to highlight: its nodes are numbered in order, its edges drawn bold, the rest dimmed. */
  path?: { nodeIds: readonly string[]; edgeIds: readonly string[] };
}) {
  const laid = useMemo(() => layoutGraph(view), [view]);
  const pathEdges = useMemo(() => new Set(path?.edgeIds ?? []), [path]);
  const nodes = useMemo<RbacFlowNode[]>(
    () =>
      laid.nodes.map((n) => {
        const step = path ? path.nodeIds.indexOf(n.id) + 1 : 0;
        return { id: n.id, type: 'rbac', position: { x: n.x, y: n.y }, data: { node: n, selected: n.id === selected, ...(step ? { step } : {}), ...(path && !step ? { dimmed: true } : {}) }, draggable: false, connectable: false };
      }),
    [laid, selected, path],
  );
  const edges = useMemo<Edge[]>(
    () =>
      laid.edges.map((e) => {
        const onPath = pathEdges.has(e.id);
        const stroke = onPath ? SEVERITY_VAR.critical : e.severity ? SEVERITY_VAR[e.severity] : 'var(--subtle)';
        // Workloads and implicit groups are laid out left of their subject (./layout): draw those edges left to right too.
        const reversed = e.type === 'used-by' || e.type === 'member-of';
        return {
          id: e.id,
          source: reversed ? e.target : e.source,
          target: reversed ? e.source : e.target,
          animated: onPath || (!path && Boolean(e.severity)),
          style: { stroke, strokeWidth: onPath ? 4 : e.severity ? 2 : 1.2, ...(path && !onPath ? { opacity: 0.3 } : {}) },
          markerEnd: { type: MarkerType.ArrowClosed, color: stroke },
          ...(e.risks.length > 0 ? { label: e.risks.length === 1 ? e.risks[0] : `${e.risks.length} risks`, labelStyle: { fill: stroke, fontSize: 11, fontWeight: 600 }, labelBgStyle: { fill: 'var(--surface)' } } : {}),
          data: { type: e.type, onPath },
        };
      }),
    [laid, path, pathEdges],
  );
  // A new neighbourhood remounts the flow so that it fits the view again.
  const viewKey = useMemo(() => {
    let h = 5381;
    for (const n of view.nodes) for (let i = 0; i < n.id.length; i++) h = ((h << 5) + h + n.id.charCodeAt(i)) | 0;
    return `${view.nodes.length}:${h}`;
  }, [view]);
  // The canvas size, measured once it is in the page: decides between fitting and opening at zoom 1.
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const measure = useCallback((el: HTMLDivElement | null) => {
    if (el) setSize({ width: el.clientWidth, height: el.clientHeight });
  }, []);
  const opening = useMemo(() => (size ? openingViewport(laid, size) : null), [laid, size]);
  return (
    <div className="h-full w-full" data-testid="rbac-graph" ref={measure}>
      {opening ? (
        <ReactFlow
          key={`${viewKey}:${opening.fit}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          colorMode={dark ? 'dark' : 'light'}
          fitView={opening.fit}
          fitViewOptions={{ padding: `${FIT_PADDING}px`, minZoom: MIN_OPEN_ZOOM, maxZoom: 1.25 }}
          defaultViewport={opening.viewport}
          minZoom={0.1}
          nodesConnectable={false}
          nodesDraggable={false}
          onNodeClick={(_, node) => onSelect(node.id)}
          proOptions={{ hideAttribution: true }}
          style={{ '--xy-background-color': 'var(--surface)', '--xy-controls-button-background-color': 'var(--surface-raised)' } as CSSProperties}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      ) : null}
    </div>
  );
}
