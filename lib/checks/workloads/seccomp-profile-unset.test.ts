import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './seccomp-profile-unset';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/seccomp-profile-unset', name));

describe('seccomp-profile-unset', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'seccomp-profile-unset'));

  it('fails containers that override the pod profile with Unconfined, by field or legacy annotation', () => {
    const results = runCheck(check, fixture('fail.unconfined.yaml'));
    const byName = Object.fromEntries(results.map((r) => [r.detail, r]));
    expect(byName['api']).toMatchObject({ status: 'pass', path: 'spec.template.spec.securityContext.seccompProfile' });
    expect(byName['tracer']).toMatchObject({ status: 'fail', path: 'spec.template.spec.containers[1].securityContext.seccompProfile' });
    expect(parse(byName['tracer']!.patch!.body)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'tracer', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }] } } },
    });
    expect(byName['legacy']).toMatchObject({
      status: 'fail',
      path: "spec.template.metadata.annotations['container.seccomp.security.alpha.kubernetes.io/legacy']",
    });
    expect(parse(byName['legacy']!.patch!.body).spec.template.spec.containers[0].name).toBe('legacy');
  });

  it('fails when no profile is set anywhere (Kubernetes default: Unconfined), with a pod-level patch', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([
      ['exporter', 'fail', 'spec.template.spec.securityContext'],
      ['rbac-proxy', 'fail', 'spec.template.spec.securityContext'],
    ]);
    expect(parse(results[0]!.patch!.body)).toEqual({ spec: { template: { spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } } } } });
  });

  it('passes RuntimeDefault, Localhost and the legacy runtime/default pod annotation', () => {
    const results = runCheck(check, fixture('pass.runtime-default.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.detail)).toEqual(['web', 'audited', 'app']);
  });

  it('reports system namespaces, except privileged containers there', () => {
    const results = runCheck(check, fixture('fail.system-namespace-unprivileged.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['coredns', 'fail']]);
  });
});
