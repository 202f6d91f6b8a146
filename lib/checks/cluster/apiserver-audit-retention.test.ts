import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-audit-retention';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails when an audit file has no max age, backups or size', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, detail: 'audit-retention' });
    expect(result.message).toContain('--audit-log-maxage is not set (old files are never removed by age)');
    expect(result.message).toContain('--audit-log-maxbackup is not set');
    expect(result.message).toContain('--audit-log-maxsize is not set');
  });

  it('fails when retention is below the CIS values', () => {
    const [result] = run(check, load('fail.low.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('--audit-log-maxage=7 is below 30');
    expect(result.message).toContain('--audit-log-maxbackup=1 is below 10');
    expect(result.message).not.toContain('maxsize');
  });

  it('passes with 30 days, 10 files and 100 MB', () => {
    expect(run(check, load('pass.cis-values.yaml'))[0].status).toBe('pass');
  });

  it('is not applicable when audit events go only to a webhook, or to standard output', () => {
    expect(run(check, load('na.webhook-only.yaml'))[0].status).toBe('not-applicable');
    const [stdout] = run(check, load('na.stdout.yaml'));
    expect(stdout.status).toBe('not-applicable');
    expect(stdout.message).toContain('standard output');
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
