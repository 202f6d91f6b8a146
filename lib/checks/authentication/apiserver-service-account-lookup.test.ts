import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-service-account-lookup';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails with --service-account-lookup=false', () => {
    const [result] = run(check, load('fail.false.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, detail: 'service-account-lookup' });
  });

  it('passes when unset (default true)', () => {
    const [result] = run(check, load('pass.unset.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('default true');
  });

  it('passes when true', () => {
    expect(run(check, load('pass.true.yaml'))[0].status).toBe('pass');
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
