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

  it('passes an unset profile when every node\'s kubelet runs with seccompDefault: true (unset then means RuntimeDefault)', () => {
    const base = fixture('fail.unset.yaml');
    const nodes = [{ metadata: { name: 'n1' } }, { metadata: { name: 'n2' } }] as typeof base.objects.nodes;
    const on = { ...base, objects: { ...base.objects, nodes }, kubelets: [{ nodeName: 'n1', config: { seccompDefault: true } }, { nodeName: 'n2', config: { seccompDefault: true } }] };
    const results = runCheck(check, on);
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['exporter', 'pass'],
      ['rbac-proxy', 'pass'],
    ]);
    expect(results[0]!.message).toContain('seccompDefault');
    expect(results[0]!.evidence).toMatchObject({ seccompProfile: null, kubeletSeccompDefault: true });
    // One node without it (or not visible) is enough for the pod to land Unconfined.
    const partial = { ...on, kubelets: [{ nodeName: 'n1', config: { seccompDefault: true } }] };
    expect(failures(runCheck(check, partial))).toHaveLength(2);
    const mixed = { ...on, kubelets: [{ nodeName: 'n1', config: { seccompDefault: true } }, { nodeName: 'n2', config: { seccompDefault: false } }] };
    expect(failures(runCheck(check, mixed))).toHaveLength(2);
    // An explicit Unconfined still fails.
    expect(failures(runCheck(check, { ...fixture('fail.unconfined.yaml'), kubelets: on.kubelets })).map((r) => r.detail)).toEqual(['tracer', 'legacy']);
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

  it('does not pass a privileged container on its profile: the runtime applies none to it (privileged-container reports it)', () => {
    const results = runCheck(check, fixture('privileged.yaml'));
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['debug', 'not-applicable'],
      ['app', 'pass'],
    ]);
    expect(results[0]!.message).toMatch(/privileged/);
  });

  it('does not assess Windows pods pinned by required node affinity or made HostProcess', () => {
    const snapshot = loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/writable-root-filesystem/windows-node-affinity.yaml'));
    expect(runCheck(check, snapshot).map((r) => [r.resource.name, r.status])).toEqual([['either-os', 'fail']]);
  });
});

