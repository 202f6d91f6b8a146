import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './writable-root-filesystem';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/writable-root-filesystem', name));

describe('writable-root-filesystem', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'writable-root-filesystem'));

  it('fails explicit false and ignores a pod-level value Kubernetes does not have', () => {
    const results = runCheck(check, fixture('fail.writable.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([
      ['shipper', 'fail', 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem'],
      ['reloader', 'fail', 'spec.template.spec.containers[1].securityContext'],
    ]);
  });

  it('fails when unset (Kubernetes default: writable) with a patch', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'scratch' }, path: 'spec.containers[0].securityContext' });
    expect(parse(results[0]!.patch!.body)).toEqual({ spec: { containers: [{ name: 'scratch', securityContext: { readOnlyRootFilesystem: true } }] } });
  });

  it('passes a read-only root filesystem', () => {
    const results = runCheck(check, fixture('pass.read-only.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(1);
  });

  it('does not assess Windows pods pinned by required node affinity or made HostProcess, only Linux-capable ones', () => {
    const results = runCheck(check, fixture('windows-node-affinity.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['either-os', 'fail']]);
  });
});

