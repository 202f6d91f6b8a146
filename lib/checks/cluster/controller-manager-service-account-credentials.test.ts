import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './controller-manager-service-account-credentials';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with --use-service-account-credentials=true', () => {
    const [result] = run(check, load('pass.enabled.yaml'));
    expect(result).toMatchObject({ status: 'pass', resource: { kind: 'Pod', name: 'kube-controller-manager-cp-1' } });
  });

  it('fails with false', () => {
    expect(run(check, load('fail.false.yaml'))[0].status).toBe('fail');
  });

  it('fails when unset (default false)', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('unset (default false)');
  });

  it('is not applicable without a visible controller manager', () => {
    const [result] = run(check, makeSnapshot({}));
    expect(result.status).toBe('not-applicable');
    expect(result.message).toContain('kube-controller-manager');
  });
});
