import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './image-known-vulnerabilities';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/image-known-vulnerabilities', name));

describe('image-known-vulnerabilities', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'image-known-vulnerabilities'));

  it('attributes ReplicaSet reports to the Deployment; critical and high per result; stale and missing reports give no result', () => {
    const results = runCheck(check, fixture('fail.vulnerable.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.detail, r.status, r.severity])).toEqual([
      ['Deployment', 'api', 'api', 'fail', 'critical'],
      ['Deployment', 'api', 'sidecar', 'fail', 'high'],
    ]);
    expect(results[0]!.evidence).toMatchObject({ criticalCount: 3, highCount: 12, reports: ['replicaset-api-7d9f8c6b5-api'] });
    expect(results[0]!.path).toBe('spec.template.spec.containers[0].image');
  });

  it('passes a container whose report has no critical or high findings', () => {
    const results = runCheck(check, fixture('pass.clean.yaml'));
    expect(results.map((r) => [r.resource.kind, r.status, r.evidence?.mediumCount])).toEqual([['CronJob', 'pass', 4]]);
  });

  it('follows a report to its Deployment or CronJob by the controllers\' naming when the ReplicaSet or Job is not in the source', () => {
    const results = runCheck(check, fixture('fail.owner-not-in-snapshot.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.detail, r.status, r.severity])).toEqual([
      ['Deployment', 'checkout', 'checkout', 'fail', 'critical'],
      ['CronJob', 'nightly-export', 'export', 'fail', 'high'],
    ]);
  });

  it('follows reports about a Rollout\'s ReplicaSet to the Deployment its workloadRef runs, and a DeploymentConfig\'s ReplicationController to it', () => {
    const results = runCheck(check, fixture('fail.custom-workloads.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.detail, r.status, r.severity])).toEqual([
      ['Deployment', 'ledger', 'ledger', 'fail', 'critical'],
      ['DeploymentConfig', 'teller', 'teller', 'fail', 'high'],
    ]);
    expect(results[0]!.evidence).toMatchObject({ runBy: ['Rollout bank/ledger-canary'] });
  });

  it('reads the workload name from the annotation when the name is too long for a label (name-hash label)', () => {
    const results = runCheck(check, fixture('fail.long-name.yaml'));
    expect(results.map((r) => [r.resource.kind, r.detail, r.status, r.severity])).toEqual([['Deployment', 'worker', 'fail', 'critical']]);
  });

  it('is not applicable (no results) when no VulnerabilityReports exist', () => {
    expect(runCheck(check, fixture('not-applicable.no-reports.yaml'))).toEqual([]);
  });
});
