import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-admission-webhook-write';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-admission-webhook-write', name));

describe('rbac-admission-webhook-write', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-admission-webhook-write'));

  it('fails patching a mutating webhook and deleting admission policy bindings', () => {
    const results = runCheck(check, fixture('fail.webhooks.yaml'));
    expect(results.map((r) => [r.status, r.resource.kind, r.resource.name])).toEqual([
      ['fail', 'Group', 'platform'],
      ['fail', 'ServiceAccount', 'injector'],
    ]);
    expect(results[0]!.evidence!.grants).toEqual([expect.objectContaining({ rule: expect.stringContaining('validatingadmissionpolicybindings') })]);
  });

  it('passes reading, a write limited to its own named configuration, and a RoleBinding (cluster-scoped resources are out of its reach)', () => {
    const results = runCheck(check, fixture('pass.read-or-named.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['cainjector', 'dev@example.com']);
    expect(passes(results)[0]!.evidence!.restrictedGrants).toHaveLength(1);
  });
});
