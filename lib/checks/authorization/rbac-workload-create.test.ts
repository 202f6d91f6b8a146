import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-workload-create';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-workload-create', name));

describe('rbac-workload-create', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-workload-create'));

  it('fails subjects that can create pods or jobs; a system:serviceaccount user is its service account', () => {
    const results = runCheck(check, fixture('fail.deployer.yaml'));
    expect(failures(results).map((r) => [r.resource.kind, r.resource.namespace, r.resource.name])).toEqual([
      ['ServiceAccount', 'ci', 'runner'],
      ['ServiceAccount', 'shop', 'app'],
    ]);
    expect(failures(results)[0]!.message).toContain('ClusterRoleBinding ci-jobs → ClusterRole job-runner (cluster-wide)');
  });

  it('passes update-only rights and a create limited by resourceNames, which authorises nothing', () => {
    const results = runCheck(check, fixture('pass.update-only.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['rollout']);
  });

  it('passes a rule without apiGroups', () => {
    expect(runCheck(check, fixture('pass.unset.yaml')).map((r) => r.status)).toEqual(['pass']);
  });
});
