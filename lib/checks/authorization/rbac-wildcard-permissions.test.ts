import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-wildcard-permissions';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-wildcard-permissions', name));

describe('rbac-wildcard-permissions', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-wildcard-permissions'));

  it('judges Roles someone created in kube-system; the Roles the cluster creates there get no verdict', () => {
    const results = runCheck(check, fixture('fail.system-namespace.yaml'));
    expect(results.map((r) => [r.status, r.resource.namespace, r.resource.name, r.severity ?? check.severity])).toEqual([['fail', 'kube-system', 'ops-all', 'high']]);
  });

  it('fails roles with `*` verbs or resources, aggregated rules included, naming the role and rule', () => {
    const results = runCheck(check, fixture('fail.wildcards.yaml'));
    const failed = failures(results);
    expect(failed.map((r) => `${r.resource.kind} ${r.resource.namespace ?? ''}/${r.resource.name}`)).toEqual([
      'ClusterRole /ops-everything',
      'ClusterRole /scale-anything',
      'ClusterRole /scaler',
      'Role shop/widgets-all',
    ]);
    const ops = failed[0]!;
    expect(ops.path).toBe('rules[1]');
    expect(ops.severity).toBe('high');
    const scaler = failed[2]!;
    expect(scaler.path).toBeUndefined();
    expect(scaler.evidence!.rules).toEqual([expect.objectContaining({ aggregatedFrom: 'ClusterRole scale-anything' })]);
    expect(failed[3]!.severity).toBeUndefined();
    expect(passes(results)).toEqual([]);
  });

  it('passes explicit roles and does not assess built-in or system-namespace roles', () => {
    const results = runCheck(check, fixture('pass.explicit.yaml'));
    expect(results.map((r) => [r.status, r.resource.name])).toEqual([['pass', 'deployer']]);
  });

  it('passes a role without rules', () => {
    expect(runCheck(check, fixture('pass.unset.yaml')).map((r) => r.status)).toEqual(['pass']);
  });
});
