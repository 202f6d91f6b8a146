import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-persistent-volume-create';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-persistent-volume-create', name));

describe('rbac-persistent-volume-create', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-persistent-volume-create'));

  it('fails a cluster-wide grant of create on persistentvolumes; the same role through a RoleBinding passes', () => {
    const results = runCheck(check, fixture('fail.pv-create.yaml'));
    expect(results.map((r) => [r.status, r.resource.name])).toEqual([
      ['fail', 'nfs-provisioner'],
      ['pass', 'dev@example.com'],
    ]);
    expect(results[0]!.message).toContain('ClusterRoleBinding nfs-provisioner → ClusterRole volume-provisioner (cluster-wide)');
  });

  it("passes claims and updates of volumes, and does not assess k3s's own local-path provisioner", () => {
    const results = runCheck(check, fixture('pass.claims-only.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => [r.resource.namespace, r.resource.name])).toEqual([['shop', 'app']]);
  });
});
