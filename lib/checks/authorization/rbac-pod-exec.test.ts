import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-pod-exec';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-pod-exec', name));

describe('rbac-pod-exec', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-pod-exec'));

  it('fails subjects that can exec, through edit (aggregated) or `*/exec`', () => {
    const results = runCheck(check, fixture('fail.exec.yaml'));
    expect(failures(results).map((r) => r.resource.name)).toEqual(['support', 'dev@example.com']);
    const dev = failures(results)[1]!;
    expect(dev.evidence!.grants).toContainEqual(expect.objectContaining({ role: 'ClusterRole edit', aggregatedFrom: 'ClusterRole system:aggregate-to-edit', scope: 'namespace shop' }));
  });

  it('passes rights on pods without the exec subresource, and view', () => {
    const results = runCheck(check, fixture('pass.read-pods.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['app', 'dev@example.com']);
  });

  it('passes a pods/exec rule without verbs', () => {
    expect(runCheck(check, fixture('pass.unset.yaml')).map((r) => [r.status, r.resource.name])).toEqual([['pass', 'app']]);
  });
});
