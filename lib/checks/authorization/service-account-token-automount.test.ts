import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './service-account-token-automount';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/service-account-token-automount', name));

describe('service-account-token-automount', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'service-account-token-automount'));

  it('fails workloads that mount a token of default or of a permission-less service account, and the default ServiceAccount', () => {
    const results = runCheck(check, fixture('fail.automount.yaml'));
    const failed = failures(results);
    expect(failed.map((r) => `${r.resource.kind} ${r.resource.namespace}/${r.resource.name}`).sort()).toEqual([
      'CronJob shop/report',
      'Deployment shop/web',
      'ServiceAccount shop/default',
    ]);
    const web = failed.find((r) => r.resource.name === 'web')!;
    expect(web.path).toBe('spec.template.spec.automountServiceAccountToken');
    expect(web.evidence).toMatchObject({ automountSource: 'default', serviceAccount: 'shop/default' });
    expect(parse(web.patch!.body)).toEqual({ spec: { template: { spec: { automountServiceAccountToken: false } } } });
    const report = failed.find((r) => r.resource.name === 'report')!;
    expect(report.path).toBe('spec.jobTemplate.spec.template.spec.automountServiceAccountToken');
    expect(report.evidence).toMatchObject({ automountSource: 'pod', serviceAccount: 'shop/worker' });
    const sa = failed.find((r) => r.resource.kind === 'ServiceAccount')!;
    expect(sa).toMatchObject({ path: 'automountServiceAccountToken', severity: 'low' });
    expect(parse(sa.patch!.body)).toEqual({ automountServiceAccountToken: false });
    expect(passes(results)).toEqual([]);
  });

  it('passes a workload whose token is off through its ServiceAccount, and one whose ServiceAccount holds permissions', () => {
    const results = runCheck(check, fixture('pass.opt-out.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => `${r.resource.kind} ${r.resource.name}`).sort()).toEqual([
      'Deployment operator',
      'Deployment web',
      'ServiceAccount default',
    ]);
  });

  it('does not guess from a dump that holds no ServiceAccount at all: inherited settings are invisible', () => {
    const snapshot = { ...fixture('dump-without-service-accounts.yaml'), source: { type: 'dump' as const, name: 'get-all.json' } };
    const results = runCheck(check, snapshot);
    expect(results.map((r) => [r.status, r.resource.kind, r.resource.name])).toEqual([
      ['not-applicable', 'Deployment', 'web'],
      ['fail', 'Deployment', 'api'],
      ['not-applicable', 'Cluster', 'get-all.json'],
    ]);
    expect(results[0]!.message).toMatch(/ServiceAccount .* not in the snapshot/);
  });

  it('fails a namespace whose default ServiceAccount is unset (created by Kubernetes with automount on)', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results.map((r) => [r.status, r.resource.kind, r.resource.namespace, r.resource.name])).toEqual([['fail', 'ServiceAccount', 'shop', 'default']]);
    expect(results[0]!.evidence).toEqual({ automountServiceAccountToken: null });
  });
});
