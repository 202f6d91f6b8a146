import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-node-proxy';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-node-proxy', name));

describe('rbac-node-proxy', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-node-proxy'));

  it('fails a service account granted nodes/proxy cluster-wide', () => {
    const results = runCheck(check, fixture('fail.node-proxy.yaml'));
    expect(failures(results).map((r) => r.resource)).toEqual([{ apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'monitoring', name: 'prometheus' }]);
  });

  it('passes nodes/metrics, and nodes/proxy through a RoleBinding (nodes are cluster-scoped)', () => {
    const results = runCheck(check, fixture('pass.metrics-only.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['agent', 'prometheus']);
  });

  it('passes a nodes/proxy rule without verbs', () => {
    expect(runCheck(check, fixture('pass.unset.yaml')).map((r) => r.status)).toEqual(['pass']);
  });
});
