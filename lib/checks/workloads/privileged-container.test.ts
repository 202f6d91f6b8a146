import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './privileged-container';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/privileged-container', name));

describe('privileged-container', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'privileged-container'));

  it('fails each privileged container, init containers included, and names the field', () => {
    const results = runCheck(check, fixture('fail.privileged-container.yaml'));
    const failed = failures(results);
    expect(failed.map((r) => r.detail).sort()).toEqual(['setup', 'sidecar']);
    const sidecar = failed.find((r) => r.detail === 'sidecar')!;
    expect(sidecar.resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'debug-tools' });
    expect(sidecar.path).toBe('spec.template.spec.containers[1].securityContext.privileged');
    expect(parse(sidecar.patch!.body)).toEqual({ spec: { template: { spec: { containers: [{ name: 'sidecar', securityContext: { privileged: false } }] } } } });
    const setup = failed.find((r) => r.detail === 'setup')!;
    expect(setup.path).toBe('spec.template.spec.initContainers[0].securityContext.privileged');
    expect(parse(setup.patch!.body)).toEqual({ spec: { template: { spec: { initContainers: [{ name: 'setup', securityContext: { privileged: false } }] } } } });
    expect(passes(results).map((r) => r.detail)).toEqual(['app']);
  });

  it('fails a privileged ephemeral (kubectl debug) container of a Pod that collapses into its Deployment, on the Deployment, naming the Pod', () => {
    const results = runCheck(check, fixture('fail.ephemeral-debug-container.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.detail, r.status])).toEqual([
      ['Deployment', 'web', 'web', 'pass'],
      ['Deployment', 'web', 'web-7d9f8c6b5d-fghij/debugger-x7k2p', 'fail'],
    ]);
    const failed = failures(results)[0]!;
    expect(failed.path).toBe('spec.ephemeralContainers[0].securityContext.privileged');
    expect(failed.evidence).toMatchObject({ containerKind: 'ephemeralContainer', pod: 'shop/web-7d9f8c6b5d-fghij' });
    expect(failed.message).toContain('web-7d9f8c6b5d-fghij');
    expect(failed.patch).toBeUndefined();
  });

  it('fails a Windows HostProcess container, the Windows counterpart of privileged', () => {
    const results = runCheck(check, fixture('fail.windows-host-process.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([['csi-proxy', 'fail', 'spec.template.spec.securityContext.windowsOptions.hostProcess']]);
    expect(results[0]!.message).toContain('HostProcess');
  });

  it('passes a hardened workload', () => {
    const results = runCheck(check, fixture('pass.hardened.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results)).toHaveLength(1);
  });

  it('passes when privileged is unset (Kubernetes default: false)', () => {
    const results = runCheck(check, fixture('pass.unset.yaml'));
    expect(results.map((r) => [r.status, r.resource.namespace, r.path])).toEqual([['pass', 'default', 'spec.containers[0].securityContext']]);
  });

  it('does not assess well-known node agents in their installers\' namespaces (Calico in calico-system, flannel in kube-flannel), but does assess other images there', () => {
    const results = runCheck(check, fixture('calico-system.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status])).toEqual([['impostor', 'shell', 'fail']]);
  });

  it('does not assess system namespaces, where node agents need privilege', () => {
    expect(runCheck(check, fixture('pass.system-namespace.yaml'))).toEqual([]);
  });
});
