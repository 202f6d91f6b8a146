import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-token-create';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-token-create', name));

describe('rbac-token-create', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-token-create'));

  it('fails subjects that can mint tokens; cluster-wide minting reaches kube-system and is critical', () => {
    const results = runCheck(check, fixture('fail.token-create.yaml'));
    expect(results.map((r) => [r.status, r.resource.namespace, r.resource.name, r.severity ?? check.severity])).toEqual([
      ['fail', 'ci', 'minter', 'high'],
      ['fail', 'ci', 'runner', 'high'],
      ['fail', 'vault', 'vault', 'critical'],
    ]);
    expect(results[2]!.message).toContain('ClusterRoleBinding vault-token-issuer → ClusterRole token-issuer (cluster-wide)');
    expect(results[0]!.evidence!.grants).toEqual([expect.objectContaining({ rule: expect.stringContaining('serviceaccounts/token') })]);
  });

  it('passes create on serviceaccounts (not the token subresource) and lists a token limited to a named service account', () => {
    const results = runCheck(check, fixture('pass.no-token.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['bootstrapper']);
    expect(passes(results)[0]!.evidence!.restrictedGrants).toHaveLength(1);
  });

  it('fails edit granted inside kube-system as critical (edit includes serviceaccounts/token), and the same binding elsewhere as high', () => {
    const results = failures(runCheck(check, loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/_cluster/kube-system-edit.yaml'))));
    expect(results.map((r) => [r.resource.name, r.severity ?? check.severity])).toEqual([
      ['dev@example.com', 'high'],
      ['ops@example.com', 'critical'],
    ]);
  });
});
