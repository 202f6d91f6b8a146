import { describe, expect, it } from 'vitest';
import { clusterResource, type Check, type CheckResult } from '../checks/types';
import { generateSyntheticCluster } from '../../bench/synthetic';
import { createCheckContext } from '../checks/context';
import { CHECKS } from '../checks/index';
import { SnapshotBuilder } from '../k8s/load/builder';
import { makeSnapshot } from '../k8s/snapshot';
import { scoreResults } from '../scoring';
import { defaultClusterKey, evaluateSnapshot, evaluateSnapshotAsync, fingerprint, scorableResults, type EvaluateProgress } from './evaluate';

const base = {
  guideRef: '5.5',
  description: 'd',
  rationale: 'r',
  remediation: { steps: ['fix it'] },
};

/** A check that fails every pod whose name starts with "bad", passes the others. */
const podCheck: Check = {
  ...base,
  id: 'pod-name-check',
  title: 'Pod names are good',
  section: 'workloads',
  severity: 'high',
  evaluate(ctx) {
    return ctx.snapshot.objects.pods.map((p): CheckResult => {
      const name = p.metadata?.name ?? '';
      const bad = name.startsWith('bad');
      return {
        status: bad ? 'fail' : 'pass',
        resource: { apiVersion: 'v1', kind: 'Pod', namespace: p.metadata?.namespace, name },
        message: bad ? `${name} is bad` : `${name} is fine`,
        detail: 'c0',
        ...(name === 'bad-low' ? { severity: 'low' as const } : {}),
      };
    });
  },
};

const clusterCheck: Check = {
  ...base,
  id: 'cluster-wide',
  title: 'Cluster-wide condition',
  section: 'cluster',
  severity: 'critical',
  evaluate: (ctx) => [{ status: 'fail', resource: clusterResource(ctx.snapshot), message: 'nope' }],
};

const throwingCheck: Check = {
  ...base,
  id: 'explodes',
  title: 'Explodes',
  section: 'secrets',
  severity: 'medium',
  evaluate: () => {
    throw new Error('boom');
  },
};

const pod = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [] } });

describe('evaluateSnapshot', () => {
  const snapshot = makeSnapshot({ source: { type: 'cluster', name: 'prod' }, objects: { pods: [pod('a', 'bad-1'), pod('a', 'good'), pod('b', 'bad-low')] } });

  it('joins check metadata, applies per-result severity overrides and scores the results', () => {
    const { results, passes, score, errors } = evaluateSnapshot(snapshot, undefined, { checks: [podCheck, clusterCheck] });
    expect(errors).toEqual([]);
    expect(results.map((r) => [r.checkId, r.resource.name, r.status, r.severity, r.section, r.title])).toEqual([
      ['pod-name-check', 'bad-1', 'fail', 'high', 'workloads', 'Pod names are good'],
      ['pod-name-check', 'bad-low', 'fail', 'low', 'workloads', 'Pod names are good'],
      ['cluster-wide', 'prod', 'fail', 'critical', 'cluster', 'Cluster-wide condition'],
    ]);
    // The pass is counted, not kept.
    expect(passes).toEqual([{ checkId: 'pod-name-check', section: 'workloads', severity: 'high', status: 'pass', namespace: 'a', count: 1 }]);
    expect(results[0].remediation).toEqual({ steps: ['fix it'] });
    expect(results[0].guideRef).toBe('5.5');
    // 1 − (7 + 1) / (7 + 7 + 1) = 0.4667 → 47
    expect(score.sections.workloads.score).toBe(47);
    expect(score).toEqual(scoreResults(scorableResults({ results, passes })));
    // Counting the passes scores exactly as the passes one by one would.
    expect(score.sections.workloads).toEqual(scoreResults([...results, { checkId: 'pod-name-check', section: 'workloads', severity: 'high', status: 'pass' }]).sections.workloads);
  });

  it('counts passes per check, severity and namespace, and keeps their fingerprints only when the snapshot has coverage gaps', () => {
    const many = makeSnapshot({ source: { type: 'cluster', name: 'prod' }, objects: { pods: [pod('a', 'p1'), pod('a', 'p2'), pod('b', 'p3'), pod('a', 'bad-2')] } });
    const complete = evaluateSnapshot(many, undefined, { checks: [podCheck] });
    expect(complete.passes.map((p) => [p.namespace, p.count])).toEqual([['a', 2], ['b', 1]]);
    expect(complete.passFingerprints).toBeUndefined();
    expect(complete.score.overall.passed).toBe(3);
    const gaps = makeSnapshot({ source: { type: 'cluster', name: 'prod' }, objects: { pods: many.objects.pods }, coverage: { gaps: [{ resource: 'secrets', reason: 'forbidden', message: 'no access' }] } });
    const partial = evaluateSnapshot(gaps, undefined, { checks: [podCheck] });
    expect(partial.passFingerprints).toEqual(new Set(['p1', 'p2', 'p3'].map((name) => fingerprint({ checkId: 'pod-name-check', resource: { kind: 'Pod', namespace: name === 'p3' ? 'b' : 'a', name }, detail: 'c0' }, defaultClusterKey(gaps)))));
  });

  it('reports a throwing check as an engine error and keeps the other checks', () => {
    const events: EvaluateProgress[] = [];
    const { results, errors } = evaluateSnapshot(snapshot, undefined, { checks: [throwingCheck, podCheck], onProgress: (e) => events.push(e) });
    expect(errors).toEqual([{ checkId: 'explodes', message: 'boom' }]);
    expect(results).toHaveLength(2);
    expect(events).toEqual([
      { phase: 'evaluate', checkId: 'explodes', index: 1, total: 2 },
      { phase: 'evaluate', checkId: 'pod-name-check', index: 2, total: 2 },
    ]);
  });

  it('streams a generator check and keeps nothing of one that throws part-way but its error', () => {
    // A check that judges every pod yields its results; this one breaks after the first two.
    const breaksMidway: Check = {
      ...podCheck,
      id: 'breaks-midway',
      *evaluate(ctx) {
        let n = 0;
        for (const r of podCheck.evaluate(ctx)) {
          if (n++ === 2) throw new Error('boom after two');
          yield r;
        }
      },
    };
    const streamed = { ...podCheck, id: 'streamed', *evaluate(ctx: Parameters<Check['evaluate']>[0]) { yield* podCheck.evaluate(ctx); } };
    const ev = evaluateSnapshot(snapshot, undefined, { checks: [breaksMidway, streamed], passFingerprints: true });
    expect(ev.errors).toEqual([{ checkId: 'breaks-midway', message: 'boom after two' }]);
    expect(ev.results.map((r) => [r.checkId, r.resource.name])).toEqual([
      ['streamed', 'bad-1'],
      ['streamed', 'bad-low'],
    ]);
    expect(ev.passes.map((p) => [p.checkId, p.count])).toEqual([['streamed', 1]]);
    expect(ev.passFingerprints?.size).toBe(1);
  });

  it('the checks that judge every container or workload stream their results (a scan never holds their passes)', () => {
    const builder = new SnapshotBuilder();
    for (const o of generateSyntheticCluster(2000)) builder.add(o);
    const ctx = createCheckContext(builder.build({ type: 'cluster', name: 'synthetic' }));
    const workloads = ctx.workloads.length;
    const arrayCheckLimit = workloads / 4;
    const holding = CHECKS.filter((c) => {
      const out = c.evaluate(ctx);
      return Array.isArray(out) && out.length > arrayCheckLimit;
    }).map((c) => c.id);
    expect(workloads).toBeGreaterThan(100);
    expect(holding).toEqual([]);
  });

  it('fingerprints results stably', () => {
    const a = evaluateSnapshot(snapshot, undefined, { checks: [podCheck, clusterCheck] }).results;
    const b = evaluateSnapshot(snapshot, undefined, { checks: [podCheck, clusterCheck] }).results;
    expect(a.map((r) => r.fingerprint)).toEqual(b.map((r) => r.fingerprint));
    expect(new Set(a.map((r) => r.fingerprint)).size).toBe(a.length);
    expect(a[0].fingerprint).toBe(fingerprint({ checkId: 'pod-name-check', resource: { kind: 'Pod', namespace: 'a', name: 'bad-1' }, detail: 'c0' }, defaultClusterKey(snapshot)));
    expect(a[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('evaluateSnapshotAsync', () => {
  const snapshot = makeSnapshot({ source: { type: 'cluster', name: 'prod' }, objects: { pods: [pod('shop', 'a'), pod('shop', 'bad-1')] } });

  it('gives the same evaluation, letting the event loop run between checks', async () => {
    // A task that re-queues itself on the event loop: it only advances when evaluation yields.
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const seen: number[] = [];
    const checks = [podCheck, clusterCheck, podCheck];
    const sync = evaluateSnapshot(snapshot, undefined, { checks, onProgress: () => seen.push(turns) });
    expect(new Set(seen).size).toBe(1); // synchronous: nothing else ran
    seen.length = 0;
    const asyncResult = await evaluateSnapshotAsync(snapshot, undefined, { checks, onProgress: () => seen.push(turns) });
    running = false;
    expect(asyncResult).toEqual(sync);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });

  it('stops when the scan is cancelled', async () => {
    const controller = new AbortController();
    const run = evaluateSnapshotAsync(snapshot, undefined, { checks: [podCheck, clusterCheck], signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled')) });
    await expect(run).rejects.toThrow('cancelled');
  });
});

describe('fingerprint', () => {
  const r = { checkId: 'x', resource: { kind: 'Deployment', namespace: 'ns', name: 'web' }, detail: 'c1' };
  it('depends on check, cluster, kind, namespace, name and detail', () => {
    const fp = fingerprint(r, 'k');
    expect(fingerprint({ ...r }, 'k')).toBe(fp);
    expect(fingerprint({ ...r, checkId: 'y' }, 'k')).not.toBe(fp);
    expect(fingerprint(r, 'other')).not.toBe(fp);
    expect(fingerprint({ ...r, resource: { ...r.resource, kind: 'StatefulSet' } }, 'k')).not.toBe(fp);
    expect(fingerprint({ ...r, resource: { ...r.resource, namespace: 'ns2' } }, 'k')).not.toBe(fp);
    expect(fingerprint({ ...r, resource: { ...r.resource, name: 'api' } }, 'k')).not.toBe(fp);
    expect(fingerprint({ ...r, detail: 'c2' }, 'k')).not.toBe(fp);
    expect(fingerprint({ ...r, detail: undefined }, 'k')).not.toBe(fp);
  });
  it('ignores the name of the Cluster pseudo-resource (the cluster key identifies it)', () => {
    const c = (name: string) => ({ checkId: 'enc', resource: { kind: 'Cluster', name } });
    expect(fingerprint(c('prod'), 'k')).toBe(fingerprint(c('fixtures/demo-cluster'), 'k'));
  });
});
