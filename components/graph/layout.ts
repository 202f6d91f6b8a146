/**
 * Automatic layout of an RBAC graph view (dagre, left to right: subject → binding → role → rule)
 * and an SVG rendering of the laid-out view for export. Pure functions over plain data.
 */
import dagre from '@dagrejs/dagre';
import type { GraphView, GraphViewEdge, GraphViewNode } from '@/lib/rbac/explorer/graph-view';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 54;

export interface PositionedNode extends GraphViewNode {
  x: number;
  y: number;
}

export interface LaidOutGraph {
  nodes: PositionedNode[];
  edges: GraphViewEdge[];
  width: number;
  height: number;
}

/** Top-left positions for every node (dagre gives centres). */
export function layoutGraph(view: Pick<GraphView, 'nodes' | 'edges'>): LaidOutGraph {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of view.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of view.edges) {
    // Workloads and implicit groups hang off subjects; keep the main chain flowing left to right.
    if (edge.type === 'used-by' || edge.type === 'member-of') g.setEdge(edge.target, edge.source);
    else g.setEdge(edge.source, edge.target);
  }
  dagre.layout(g);
  const nodes = view.nodes.map((node) => {
    const p = g.node(node.id);
    return { ...node, x: (p?.x ?? 0) - NODE_WIDTH / 2, y: (p?.y ?? 0) - NODE_HEIGHT / 2 };
  });
  const graph = g.graph();
  return { nodes, edges: view.edges, width: Math.max(graph.width ?? 0, NODE_WIDTH), height: Math.max(graph.height ?? 0, NODE_HEIGHT) };
}

/** The zoom a view opens at, at least: node text (11 px and up at zoom 1) stays legible. */
export const MIN_OPEN_ZOOM = 1;
/** Space (px) kept between the canvas edge and the graph. */
export const FIT_PADDING = 24;

/**
 * How a laid-out graph opens in a canvas of this size: fitted (scaled to fill the canvas) when it
 * fits at MIN_OPEN_ZOOM or more, else at MIN_OPEN_ZOOM with its top-left corner in view (the
 * riskiest subjects sit on the left) for the user to pan or zoom out from.
 */
export function openingViewport(laid: Pick<LaidOutGraph, 'nodes' | 'width' | 'height'>, canvas: { width: number; height: number }): { fit: boolean; viewport: { x: number; y: number; zoom: number } } {
  const zoom = Math.min(canvas.width / (laid.width + 2 * FIT_PADDING), canvas.height / (laid.height + 2 * FIT_PADDING));
  const [x, y] = laid.nodes.length ? [Math.min(...laid.nodes.map((n) => n.x)), Math.min(...laid.nodes.map((n) => n.y))] : [0, 0];
  return { fit: zoom >= MIN_OPEN_ZOOM, viewport: { x: FIT_PADDING - x, y: FIT_PADDING - y, zoom: MIN_OPEN_ZOOM } };
}

/** Colours for the export (the screen uses the theme's CSS variables). */
export interface SvgPalette {
  background: string;
  surface: string;
  border: string;
  text: string;
  muted: string;
  edge: string;
  severity: Record<'critical' | 'high' | 'medium' | 'low' | 'info', string>;
}

export const LIGHT_PALETTE: SvgPalette = {
  background: '#f6f7f9',
  surface: '#ffffff',
  border: '#cbd2dc',
  text: '#111827',
  muted: '#5b6473',
  edge: '#8a93a3',
  severity: { critical: '#b91c1c', high: '#ea580c', medium: '#ca8a04', low: '#2563eb', info: '#64748b' },
};

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const truncate = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A standalone SVG document of the laid-out graph (what the user sees, as a file). */
export function graphToSvg(graph: LaidOutGraph, palette: SvgPalette = LIGHT_PALETTE, title = 'RBAC graph'): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const pad = 20;
  const w = Math.ceil(graph.width + pad * 2);
  const h = Math.ceil(graph.height + pad * 2);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${-pad} ${-pad} ${w} ${h}" font-family="ui-sans-serif, system-ui, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${palette.edge}"/></marker></defs>`,
    `<rect x="${-pad}" y="${-pad}" width="${w}" height="${h}" fill="${palette.background}"/>`,
  ];
  for (const edge of graph.edges) {
    const s = byId.get(edge.source);
    const t = byId.get(edge.target);
    if (!s || !t) continue;
    const color = edge.severity ? palette.severity[edge.severity] : palette.edge;
    const [x1, y1, x2, y2] = s.x <= t.x ? [s.x + NODE_WIDTH, s.y + NODE_HEIGHT / 2, t.x, t.y + NODE_HEIGHT / 2] : [s.x, s.y + NODE_HEIGHT / 2, t.x + NODE_WIDTH, t.y + NODE_HEIGHT / 2];
    const mx = (x1 + x2) / 2;
    parts.push(`<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" fill="none" stroke="${color}" stroke-width="${edge.severity ? 2 : 1.2}" marker-end="url(#arrow)"/>`);
  }
  for (const node of graph.nodes) {
    const stroke = node.severity ? palette.severity[node.severity] : palette.border;
    parts.push(
      `<g transform="translate(${node.x},${node.y})">`,
      `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="8" fill="${palette.surface}" stroke="${stroke}" stroke-width="${node.focus ? 3 : node.severity ? 2 : 1}"/>`,
      `<text x="10" y="20" font-size="10" fill="${palette.muted}">${escapeXml(node.kind)}${node.risks.length ? ` · ${escapeXml(node.risks.join(', '))}` : ''}</text>`,
      `<text x="10" y="39" font-size="12" font-weight="600" fill="${palette.text}">${escapeXml(truncate(node.label, 32))}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
