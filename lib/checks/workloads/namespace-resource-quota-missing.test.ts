import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './namespace-resource-quota-missing';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/namespace-resource-quota-missing', name));

describe('namespace-resource-quota-missing', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'namespace-resource-quota-missing'));

  it('fails a namespace with workloads and only a LimitRange', () => {
    const results = runCheck(check, fixture('fail.no-quota.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', resource: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, evidence: { hasLimitRange: true, resourceQuotas: [] } });
  });

  it('passes a namespace with a ResourceQuota; empty and system namespaces are not assessed', () => {
    const results = runCheck(check, fixture('pass.quota.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['shop', 'pass']]);
  });

  it('puts workloads without a namespace in "default", which the quota of another namespace does not cover', () => {
    const results = runCheck(check, fixture('fail.unset-namespace.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['default', 'fail']]);
  });

  it('is not applicable when resourcequotas could not be listed (403): no object seen is not evidence of none', () => {
    const snapshot = fixture('fail.no-quota.yaml');
    const gapped = { ...snapshot, coverage: { gaps: [{ resource: 'resourcequotas', reason: 'forbidden' as const, message: 'forbidden' }] } };
    const results = runCheck(check, gapped);
    expect(results.map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
    expect(results[0]!.message).toContain('resourcequotas');
  });
});
