import { describe, expect, it } from 'vitest';
import { graphToSvg, layoutGraph, MIN_OPEN_ZOOM, NODE_WIDTH, openingViewport } from '../../components/graph/layout';
import { graphNeighbourhood } from '../../lib/rbac/explorer';
import { cr, crb, docs, modelOf } from './helpers';

describe('graph layout and SVG export', () => {
  const model = modelOf(docs(cr('secret-reader', '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]'), crb('b', 'secret-reader', '[{ kind: User, name: "<script>" }]')));
  const view = graphNeighbourhood(model, { focus: 'subject:User:<script>', hops: 3 });

  it('lays subject → binding → role → rule out left to right', () => {
    const laid = layoutGraph(view);
    const x = (prefix: string) => laid.nodes.find((n) => n.id.startsWith(prefix))!.x;
    expect(x('subject:')).toBeLessThan(x('binding:'));
    expect(x('binding:')).toBeLessThan(x('role:'));
    expect(x('role:')).toBeLessThan(x('permission:'));
    expect(laid.width).toBeGreaterThanOrEqual(NODE_WIDTH * 4);
  });

  it('renders a standalone, escaped SVG with risky edges coloured', () => {
    const svg = graphToSvg(layoutGraph(view));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('stroke="#ea580c"'); // high severity (secrets-read)
    expect(svg.match(/<g transform/g)).toHaveLength(view.nodes.length);
  });

  it('opens a graph fitted when it fits at a legible zoom, else at zoom 1 on its top left', () => {
    const laid = layoutGraph(view);
    expect(openingViewport(laid, { width: laid.width + 100, height: laid.height + 100 }).fit).toBe(true);
    const big = openingViewport(laid, { width: laid.width / 2, height: laid.height });
    expect(big.fit).toBe(false);
    expect(big.viewport.zoom).toBe(MIN_OPEN_ZOOM);
    // The left-most and top-most nodes are in view.
    expect(Math.min(...laid.nodes.map((n) => n.x)) + big.viewport.x).toBeGreaterThanOrEqual(0);
    expect(Math.min(...laid.nodes.map((n) => n.y)) + big.viewport.y).toBeGreaterThanOrEqual(0);
  });
});
