/**
 * What a check reads from the snapshot, observed: a check context whose `snapshot.objects`, and
 * whose derived views (`workloads`, `rbac`), record the buckets a check touches. Used by the test
 * that holds each check's `reads` declaration to what it does (lib/checks/reads.test.ts).
 */
import { RBAC_BUCKETS, WORKLOAD_BUCKETS, type Bucket } from '../k8s/kinds';
import type { ClusterSnapshot } from '../k8s/snapshot';
import { createCheckContext } from './context';
import { DEFAULT_SCAN_SETTINGS, type Check, type CheckContext, type CheckRead } from './types';

/** Runs a check on a snapshot and returns the buckets it read. */
export function observeReads(check: Check, snapshot: ClusterSnapshot): Set<Bucket> {
  const seen = new Set<Bucket>();
  const real = createCheckContext(snapshot, DEFAULT_SCAN_SETTINGS);
  const objects = new Proxy(snapshot.objects, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in target) seen.add(key as Bucket);
      return Reflect.get(target, key, receiver);
    },
  });
  const ctx: CheckContext = {
    snapshot: { ...snapshot, objects },
    settings: DEFAULT_SCAN_SETTINGS,
    get workloads() {
      for (const b of WORKLOAD_BUCKETS) seen.add(b);
      return real.workloads;
    },
    get rbac() {
      for (const b of RBAC_BUCKETS) seen.add(b);
      return real.rbac;
    },
  };
  check.evaluate(ctx);
  return seen;
}

/** The buckets a `reads` declaration stands for ('workloads' and 'rbac' expanded). */
export function expandReads(reads: readonly CheckRead[] = []): Set<Bucket> {
  const out = new Set<Bucket>();
  for (const r of reads) {
    if (r === 'workloads') for (const b of WORKLOAD_BUCKETS) out.add(b);
    else if (r === 'rbac') for (const b of RBAC_BUCKETS) out.add(b);
    else out.add(r);
  }
  return out;
}

/** The buckets a check declares that no collector list fills: a live scan would never give it those objects. */
export function unlistedReads(check: Check, listed: ReadonlySet<Bucket>): Bucket[] {
  return [...expandReads(check.reads)].filter((b) => !listed.has(b));
}
