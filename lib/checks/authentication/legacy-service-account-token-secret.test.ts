import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './legacy-service-account-token-secret';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails a Secret of type service-account-token, naming the Secret', () => {
    const [result] = run(check, load('fail.token-secret.yaml'));
    expect(result).toMatchObject({
      status: 'fail',
      resource: { apiVersion: 'v1', kind: 'Secret', namespace: 'ci', name: 'ci-deployer-token' },
      path: 'type',
      evidence: { serviceAccount: 'ci-deployer', lastUsed: '2026-11-20' },
    });
  });

  it('uses the service-account annotation as evidence when the type is not listed, and says so', () => {
    const [result] = run(check, load('fail.metadata-only-annotation.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('annotation');
    expect(String(result.evidence?.identifiedBy)).toContain('kubernetes.io/service-account.name');
  });

  it('passes on the cluster when no token Secret exists (typed Secrets are judged by type)', () => {
    const results = run(check, load('pass.no-token-secrets.yaml'));
    expect(results).toEqual([expect.objectContaining({ status: 'pass', resource: expect.objectContaining({ kind: 'Cluster' }) })]);
  });

  it('passes a token already invalidated by the legacy-token clean-up', () => {
    const [result] = run(check, load('pass.invalidated.yaml'));
    expect(result).toMatchObject({ status: 'pass', resource: { name: 'old-builder-token' } });
  });

  it('is not applicable when Secrets could not be listed (403): no Secret seen is not evidence of none', () => {
    const snapshot = makeSnapshot({ coverage: { gaps: [{ resource: 'secrets', reason: 'forbidden', message: 'secrets is forbidden' }] } });
    const results = run(check, snapshot);
    expect(results.map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
    expect(results[0]!.message).toMatch(/Secrets could not be listed/);
  });

  it('passes an empty cluster', () => {
    expect(run(check, makeSnapshot({})).map((r) => r.status)).toEqual(['pass']);
  });
});
