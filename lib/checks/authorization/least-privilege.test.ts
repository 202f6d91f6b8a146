/**
 * The whole authorization section against a least-privilege cluster (kubeadm-style control-plane
 * bindings, the defaults every identity gets, one narrowly scoped application): no failures.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index';
import { failures, loadFixtureSnapshot, runCheck } from '../test-utils';

describe('authorization checks on a least-privilege cluster', () => {
  const loaded = loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/_cluster/least-privilege.yaml'));
  const snapshot = { ...loaded, source: { type: 'cluster' as const, name: 'least-privilege' } };

  it('fails nothing, while still giving verdicts', () => {
    const all = checks.flatMap((check) => runCheck(check, snapshot).map((r) => ({ check: check.id, ...r })));
    expect(failures(all)).toEqual([]);
    expect(all.length).toBeGreaterThan(10);
    // The broad groups and the application's own identities are judged, the control plane is not.
    const judged = new Set(all.map((r) => `${r.resource.kind}:${r.resource.namespace ?? ''}/${r.resource.name}`));
    expect(judged).toContain('Group:/system:authenticated');
    expect(judged).toContain('Group:/system:serviceaccounts');
    expect(judged).toContain('ServiceAccount:shop/leader');
    expect(judged).not.toContain('User:/system:kube-controller-manager');
    expect(judged).not.toContain('ServiceAccount:kube-system/kube-proxy');
  });
});
