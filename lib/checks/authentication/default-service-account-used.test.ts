import { describe, expect, it } from 'vitest';
import { check } from './default-service-account-used';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails workloads that run as "default", whether unset or named explicitly', () => {
    const results = run(check, load('fail.default-sa.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.status])).toEqual([
      ['Deployment', 'web', 'fail'],
      ['CronJob', 'report', 'fail'],
    ]);
    expect(results[0]).toMatchObject({ path: 'spec.template.spec.serviceAccountName', evidence: { explicit: false, automountServiceAccountToken: true } });
    expect(results[0].message).toContain('names none');
    expect(results[1]).toMatchObject({ path: 'spec.jobTemplate.spec.template.spec.serviceAccountName', evidence: { explicit: true, automountServiceAccountToken: false } });
  });

  it('passes a workload with its own ServiceAccount and skips system namespaces', () => {
    const results = run(check, load('pass.own-sa.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['web', 'pass']]);
  });
});
