import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-audit-logging';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with a policy and a log file', () => {
    expect(run(check, load('pass.log-file.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('passes with a policy and a webhook backend instead of a file', () => {
    expect(run(check, load('pass.webhook.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('fails with a log path but no policy (nothing is audited)', () => {
    const [result] = run(check, load('fail.no-policy.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod' }, detail: 'audit-logging' });
    expect(result.message).toContain('--audit-policy-file is not set');
  });

  it('fails when nothing is configured (no default audit backend)', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('neither --audit-log-path nor --audit-webhook-config-file');
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
