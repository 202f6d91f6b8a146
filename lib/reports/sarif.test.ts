import { describe, expect, it } from 'vitest';
import type { Check } from '../checks/types';
import { makeSnapshot } from '../k8s/snapshot';
import { evaluateSnapshot } from '../evaluation/evaluate';
import type { ScanOutcome } from '../evaluation/outcome';
import { GITHUB_MAX_RESULTS_PER_RUN, pseudoUri, toSarif } from './sarif';
import { toScanJson } from './scan-json';
import { renderTable } from './table';

const manyFailures: Check = {
  id: 'many-failures',
  title: 'Fails a lot',
  section: 'workloads',
  severity: 'medium',
  guideRef: '5.5',
  description: 'd',
  rationale: 'r',
  remediation: { steps: ['fix'] },
  evaluate: (ctx) =>
    ctx.snapshot.objects.namespaces.map((n, i) => ({
      status: 'fail' as const,
      resource: { apiVersion: 'v1', kind: 'Namespace', name: n.metadata?.name ?? '' },
      message: 'bad',
      ...(i === 0 ? { severity: 'critical' as const } : {}),
    })),
};

function outcome(count: number): ScanOutcome {
  const snapshot = makeSnapshot({
    source: { type: 'cluster', name: 'big' },
    objects: { namespaces: Array.from({ length: count }, (_, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${i}` } })) },
  });
  const evaluation = evaluateSnapshot(snapshot, undefined, { checks: [manyFailures] });
  return { source: snapshot.source, scannedAt: '2026-11-27T00:00:00.000Z', checks: [manyFailures], evaluation, gaps: [], loadErrors: [], clusterKey: 'k' };
}

describe('toSarif', () => {
  it("keeps at most GitHub's 25,000 results per run, most severe first, and says so", () => {
    const sarif = toSarif(outcome(GITHUB_MAX_RESULTS_PER_RUN + 10), '1.2.3');
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(GITHUB_MAX_RESULTS_PER_RUN);
    expect(run.results[0].level).toBe('error'); // the critical override comes first
    expect(run.invocations?.[0].toolExecutionNotifications?.[0].message.text).toMatch(/25010 failing results; only the 25000 most severe/);
  });

  it('uses pseudo-paths for cluster resources and maps severities to levels', () => {
    const sarif = toSarif(outcome(2), '1.2.3');
    const [first, second] = sarif.runs[0].results;
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toBe('k8s/Namespace/_cluster/ns-0');
    expect([first.level, second.level]).toEqual(['error', 'warning']);
    expect(sarif.runs[0].tool.driver.rules[0]).toMatchObject({ id: 'many-failures', name: 'ManyFailures', defaultConfiguration: { level: 'warning' }, properties: { 'security-severity': '5.5' } });
    expect(pseudoUri({ kind: 'Group', name: 'system:masters' })).toBe('k8s/Group/_cluster/system%3Amasters');
  });
});

describe('toScanJson / renderTable', () => {
  it('report the same failing findings and scores', () => {
    const o = outcome(3);
    const json = toScanJson(o);
    expect(json.findings.map((f) => [f.resource.name, f.severity])).toEqual([
      ['ns-0', 'critical'],
      ['ns-1', 'medium'],
      ['ns-2', 'medium'],
    ]);
    expect(json.score.sections.workloads).toEqual({ score: 0, grade: 'F', passed: 0, failed: 3, uncappedScore: 0, cap: null });
    const text = renderTable(o);
    expect(text).toContain('CRITICAL (1)');
    expect(text).toContain('MEDIUM (2)');
    expect(text).toContain('[many-failures] (2)');
    expect(text).toMatch(/- Namespace ns-1: /);
  });
});
