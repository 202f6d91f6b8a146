import { describe, expect, it } from 'vitest';
import { graphToSvg, layoutGraph, NODE_WIDTH } from '../../components/graph/layout';
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
});
