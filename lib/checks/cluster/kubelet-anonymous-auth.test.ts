import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-anonymous-auth';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails the node whose kubelet accepts anonymous requests, naming the Node', () => {
    const results = run(check, load('fail.anonymous-enabled.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['node-1', 'pass'],
      ['node-2', 'fail'],
    ]);
    expect(results[1]).toMatchObject({ resource: { apiVersion: 'v1', kind: 'Node', name: 'node-2' }, path: 'authentication.anonymous.enabled' });
    expect(results[1].message).toContain('AlwaysAllow');
  });

  it('passes with anonymous.enabled false', () => {
    expect(run(check, load('pass.hardened.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('treats an unset field as the configuration-file default (false)', () => {
    const [result] = run(check, load('pass.unset.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('default false');
  });

  it('reads configz-style string booleans', () => {
    const snapshot = makeSnapshot({ kubelets: [{ nodeName: 'n', config: { authentication: { anonymous: { enabled: 'true' } } } }] });
    expect(run(check, snapshot)[0].status).toBe('fail');
  });

  it('is not applicable when no kubelet configuration is visible', () => {
    expect(run(check, makeSnapshot({})).map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
  });
});
