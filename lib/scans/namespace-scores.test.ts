import { describe, expect, it } from 'vitest';
import type { V1Namespace } from '@kubernetes/client-node';
import { scoreChecks, scoreResults, sumTallies, tallyResults, type ScoredStatus } from '../scoring';
import type { SectionId, Severity } from '../checks/types';
import { namespaceSections, namespacesOf, packTallies, scoreNamespaces, tallyNamespaces, unpackTallies, type NamespacedResult } from './namespace-scores';

const r = (namespace: string | null, checkId: string, section: SectionId, severity: Severity, status: ScoredStatus): NamespacedResult => ({ namespace, checkId, section, severity, status });

const results: NamespacedResult[] = [
  // shop: one high failure of three on a workload check, images all pass.
  r('shop', 'run-as-non-root', 'workloads', 'high', 'fail'),
  r('shop', 'run-as-non-root', 'workloads', 'high', 'pass'),
  r('shop', 'run-as-non-root', 'workloads', 'high', 'pass'),
  r('shop', 'image-tag-latest', 'images', 'low', 'pass'),
  r('shop', 'image-tag-latest', 'images', 'low', 'not-applicable'),
  // ops: a critical failure and an excepted one.
  r('ops', 'privileged-container', 'workloads', 'critical', 'fail'),
  r('ops', 'privileged-container', 'workloads', 'critical', 'excepted'),
  r('ops', 'image-tag-latest', 'images', 'low', 'fail'),
  // cluster-scoped: belongs to no namespace.
  r(null, 'etcd-encryption', 'cluster', 'critical', 'fail'),
  r(undefined as unknown as null, 'anonymous-auth', 'cluster', 'high', 'fail'),
  // only not-applicable: no score at all.
  r('empty', 'image-tag-latest', 'images', 'low', 'not-applicable'),
];

describe('scoreNamespaces', () => {
  it("scores each namespace with the cluster's scoring functions over its own results", () => {
    const scores = scoreNamespaces(results);
    expect([...scores.keys()].sort()).toEqual(['ops', 'shop']);
    for (const ns of ['ops', 'shop']) expect(scores.get(ns)).toEqual(scoreResults(results.filter((x) => x.namespace === ns)));
  });

  it('applies the same weights, shares and caps as the cluster score', () => {
    const scores = scoreNamespaces(results);
    const shop = scores.get('shop')!;
    // run-as-non-root: weight 7, share 1/3; image-tag-latest: weight 1, share 0 → 100 × (1 − 7/3 ÷ 8) = 71 (the open high caps at 89: no change).
    expect(shop.overall.uncappedScore).toBe(71);
    expect(shop.overall.score).toBe(71);
    expect(shop.overall.grade).toBe('C');
    expect(shop.sections.workloads.score).toBe(67);
    expect(shop.sections.images.score).toBe(100);
    const ops = scores.get('ops')!;
    // privileged-container: weight 10, share 10/20 (the excepted result counts as passed); image tags: weight 1, share 1.
    expect(ops.overall.uncappedScore).toBe(Math.round(100 * (1 - (10 * 0.5 + 1) / 11)));
    expect(ops.overall.cap).toBeNull(); // 45 is under the D cap already
    expect(ops.overall.excepted).toBe(1);
    expect(ops.overall.open.critical).toBe(1);
    expect(ops.overall.grade).toBe('F');
  });

  it('stores only the sections with applicable results', () => {
    const shop = scoreNamespaces(results).get('shop')!;
    const stored = namespaceSections(shop);
    expect(Object.keys(stored).sort()).toEqual(['images', 'workloads']);
    expect(stored.workloads).toEqual({ score: 67, grade: 'D', applicable: 3, open: { critical: 0, high: 1, medium: 0, low: 0, info: 0 } });
  });
});

describe('namespace tallies', () => {
  it('read back from their stored form as they were, and summed over namespaces score like the union of their results', () => {
    const tallies = tallyNamespaces(results);
    for (const [, t] of tallies) expect(unpackTallies(JSON.parse(JSON.stringify(packTallies(t))))).toEqual(t);
    const both = sumTallies([tallies.get('shop')!, tallies.get('ops')!]);
    const union = results.filter((x) => x.namespace === 'shop' || x.namespace === 'ops');
    expect(scoreChecks(both)).toEqual(scoreResults(union));
    expect(new Set(both)).toEqual(new Set(tallyResults(union)));
    // A scan recorded before the tallies existed has none.
    expect(unpackTallies(null)).toBeNull();
  });
});

describe('namespacesOf', () => {
  it('keeps names and labels, skips nameless objects', () => {
    const list: V1Namespace[] = [{ metadata: { name: 'shop', labels: { team: 'storefront' } } }, { metadata: { name: 'bare' } }, { metadata: {} }];
    expect(namespacesOf(list)).toEqual([
      { name: 'shop', labels: { team: 'storefront' } },
      { name: 'bare', labels: {} },
    ]);
  });
});
