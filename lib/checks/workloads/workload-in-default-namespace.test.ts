import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './workload-in-default-namespace';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/workload-in-default-namespace', name));

describe('workload-in-default-namespace', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'workload-in-default-namespace'));

  it('fails a workload in the default namespace', () => {
    const results = runCheck(check, fixture('fail.default.yaml'));
    expect(results).toEqual([expect.objectContaining({ status: 'fail', resource: expect.objectContaining({ name: 'explicit', namespace: 'default' }), path: 'metadata.namespace' })]);
  });

  it('fails a workload without metadata.namespace (kubectl default)', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results.map((r) => [r.status, r.resource.kind, r.evidence?.namespaceSetInManifest])).toEqual([['fail', 'CronJob', false]]);
  });

  it('passes a workload in its own namespace', () => {
    expect(runCheck(check, fixture('pass.own-namespace.yaml')).map((r) => r.status)).toEqual(['pass']);
  });
});
