import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './apparmor-unconfined';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/apparmor-unconfined', name));

describe('apparmor-unconfined', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'apparmor-unconfined'));

  it('fails Unconfined from the container field, the legacy annotation and the pod field', () => {
    const results = runCheck(check, fixture('fail.unconfined.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status, r.path])).toEqual([
      ['agent', 'agent', 'fail', 'spec.template.spec.containers[0].securityContext.appArmorProfile'],
      ['agent', 'legacy', 'fail', "spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/legacy']"],
      ['agent', 'plain', 'pass', 'spec.template.spec.containers[2].securityContext'],
      ['pod-level', 'app', 'fail', 'spec.securityContext.appArmorProfile'],
    ]);
    expect(parse(results[3]!.patch!.body)).toEqual({ spec: { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } } });
  });

  it('passes RuntimeDefault and Localhost, by field or annotation', () => {
    const results = runCheck(check, fixture('pass.confined.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results)).toHaveLength(3);
  });

  it('passes when unset (the runtime applies its default profile)', () => {
    const results = runCheck(check, fixture('pass.unset.yaml'));
    expect(results.map((r) => r.status)).toEqual(['pass']);
  });

  it('does not pass a privileged container on the runtime default profile: the runtime applies none to it', () => {
    const results = runCheck(check, fixture('privileged.yaml'));
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['debug', 'not-applicable'],
      ['app', 'pass'],
    ]);
  });
});
