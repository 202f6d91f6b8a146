/**
 * The fix-first list and the attack-path view as the pages render them (server-side markup), on
 * the demo estate's ranking: the list links each workload to its risk page and marks paths; the
 * path view shows every hop, marks the one the smallest fix breaks and links to its finding.
 */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AttackPathView } from '@/components/risk/attack-path-view';
import { FixFirstList } from '@/components/risk/fix-first-list';
import { createCheckContext } from '@/lib/checks/context';
import { loadFixtureSnapshot } from '@/lib/checks/test-utils';
import type { FixFirstRow } from '@/lib/dashboard/fix-first';
import { assessWorkloadRisk } from '@/lib/risk';
import type { AttackPath } from '@/lib/risk/types';
import { evaluateSnapshot } from '@/lib/evaluation/evaluate';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');

function demoRows(): FixFirstRow[] {
  const snapshot = loadFixtureSnapshot(readdirSync(DEMO).filter((f) => f.endsWith('.yaml')).map((f) => path.join(DEMO, f)));
  const ranking = assessWorkloadRisk(createCheckContext(snapshot), evaluateSnapshot(snapshot).results);
  return ranking.slice(0, 10).map((r, i) => {
    const links = [...r.factors.flatMap((f) => f.findings), ...(r.path?.hops.flatMap((h) => h.findings) ?? [])];
    return {
      id: `risk-${i}`,
      cluster: { id: 'c1', name: 'demo' },
      scanId: 's1',
      rank: i + 1,
      score: r.score,
      resource: { apiVersion: r.resource.apiVersion, kind: r.resource.kind, namespace: r.resource.namespace ?? null, name: r.resource.name },
      serviceAccount: r.serviceAccount,
      factors: r.factors,
      path: r.path ?? null,
      findings: Object.fromEntries(links.map((l) => [l.fingerprint, { id: `finding-${l.fingerprint.slice(0, 8)}`, status: 'open' as const }])),
    };
  });
}

describe('fix-first views', () => {
  const rows = demoRows();
  const dashboard = rows.find((r) => r.resource.name === 'kubernetes-dashboard')!;

  it('lists the workloads with score, reasons and a path badge, each linked to its risk page', () => {
    const html = renderToStaticMarkup(createElement(FixFirstList, { rows, showCluster: true }));
    expect(html).toContain('aria-label="Workloads to fix first"');
    expect(html).toContain(`href="/risk/${dashboard.id}">Deployment kubernetes-dashboard/kubernetes-dashboard</a>`);
    expect(html).toContain('path to cluster-admin');
  });

  it('draws the attack path hop by hop, marks the cut and links the finding that cuts it', () => {
    const html = renderToStaticMarkup(createElement(AttackPathView, { row: { ...dashboard, path: dashboard.path as AttackPath } }));
    const hops = html.split('data-testid="attack-hop"').slice(1);
    expect(hops).toHaveLength(5);
    expect(hops[1]).toContain('Service kubernetes-dashboard/kubernetes-dashboard (LoadBalancer)');
    expect(hops[2]).toContain('CVE-2024-24790');
    expect(hops[3]).toContain('cut here');
    expect(html).toContain('Remove the binding that makes ServiceAccount kubernetes-dashboard/kubernetes-dashboard cluster-admin');
    const cut = dashboard.path!.cut.finding!;
    expect(html).toMatch(new RegExp(`href="/findings/${dashboard.findings[cut.fingerprint]!.id}" [^>]*data-testid="cut-finding"|data-testid="cut-finding"[^>]*href="/findings/${dashboard.findings[cut.fingerprint]!.id}"`));
  });
});
