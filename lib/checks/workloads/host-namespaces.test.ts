import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './host-namespaces';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/host-namespaces', name));

describe('host-namespaces', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'host-namespaces'));

  it('fails each shared host namespace with its field and patch', () => {
    const results = runCheck(check, fixture('fail.host-namespaces.yaml'));
    expect(results.map((r) => [r.status, r.detail, r.path])).toEqual([
      ['fail', 'hostNetwork', 'spec.template.spec.hostNetwork'],
      ['fail', 'hostPID', 'spec.template.spec.hostPID'],
    ]);
    expect(parse(results[1]!.patch!.body)).toEqual({ spec: { template: { spec: { hostPID: false } } } });
  });

  it('passes when the fields are unset (Kubernetes default: false) or false', () => {
    const results = runCheck(check, fixture('pass.unset.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['web', 'explicit-false']);
  });

  it('does not assess system namespaces (static control-plane pods use the host network)', () => {
    expect(runCheck(check, fixture('pass.system-namespace.yaml'))).toEqual([]);
  });
});
