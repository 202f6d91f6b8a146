import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-csr-approve';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-csr-approve', name));

describe('rbac-csr-approve', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-csr-approve'));

  it('fails a subject holding both halves of approval (a signer named in resourceNames included); the certificate controller is not assessed', () => {
    const results = runCheck(check, fixture('fail.approve.yaml'));
    expect(results.map((r) => [r.status, r.resource.namespace, r.resource.name])).toEqual([['fail', 'kube-system', 'csr-bot']]);
    expect(results[0]!.message).toContain('ClusterRoleBinding csr-bot → ClusterRole csr-approver');
  });

  it('passes subjects holding only the approval subresource or only approve on signers', () => {
    const results = runCheck(check, fixture('pass.half.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['approver@example.com', 'updater@example.com']);
  });
});
