import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './container-runs-as-root';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/container-runs-as-root', name));

describe('container-runs-as-root', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'container-runs-as-root'));

  it('fails explicit UID 0 and a container that opts out of the pod-level runAsNonRoot', () => {
    const results = runCheck(check, fixture('fail.root.yaml'));
    const byName = Object.fromEntries(results.map((r) => [r.detail, r]));
    expect(byName['explicit-root']!.status).toBe('fail');
    expect(byName['explicit-root']!.path).toBe('spec.template.spec.containers[0].securityContext.runAsUser');
    expect(byName['opted-out']!.status).toBe('fail');
    expect(byName['opted-out']!.path).toBe('spec.template.spec.containers[1].securityContext.runAsNonRoot');
    expect(parse(byName['opted-out']!.patch!.body)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'opted-out', securityContext: { runAsNonRoot: true } }] } } },
    });
    expect(byName['inherits']!.status).toBe('pass');
    expect(byName['inherits']!.path).toBe('spec.template.spec.securityContext.runAsNonRoot');
  });

  it('fails runAsUser 0 with runAsNonRoot true, saying the kubelet will refuse to start it', () => {
    const results = runCheck(check, fixture('fail.root-contradiction.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([['api', 'fail', 'spec.template.spec.securityContext.runAsUser']]);
    expect(results[0]!.message).toMatch(/refuse/);
  });

  it('fails when neither field is set (the image decides, usually root)', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'fail',
      resource: { kind: 'CronJob', namespace: 'data', name: 'report' },
      detail: 'report',
      path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext',
    });
    expect(parse(results[0]!.patch!.body)).toEqual({
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', securityContext: { runAsNonRoot: true } }] } } } } },
    });
  });

  it('passes non-zero UIDs, inherited from the pod or set on the container, init containers included', () => {
    const results = runCheck(check, fixture('pass.non-root.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => [r.detail, r.evidence?.runAsUser])).toEqual([
      ['migrate', 10001],
      ['web', 10001],
      ['proxy', 101],
      ['agent', 10001],
    ]);
  });

  it('reads Windows pods by windowsOptions.runAsUserName, not runAsUser (forbidden on Windows)', () => {
    const results = runCheck(check, fixture('windows.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status, r.path])).toEqual([
      ['iis', 'site', 'pass', 'spec.template.spec.securityContext.windowsOptions'],
      ['iis', 'admin-tool', 'fail', 'spec.template.spec.containers[1].securityContext.windowsOptions'],
      ['legacy-win', 'unset', 'fail', 'spec.template.spec.containers[0].securityContext'],
      ['legacy-win', 'enforced', 'pass', 'spec.template.spec.containers[1].securityContext.runAsNonRoot'],
    ]);
    const unset = results.find((r) => r.detail === 'unset')!;
    expect(unset.message).toContain('ContainerAdministrator');
    // runAsUser cannot be set on a Windows pod: the fix must not suggest it.
    expect(unset.patch).toBeUndefined();
  });

  it('fails a Windows HostProcess container running as NT AUTHORITY\\SYSTEM or Administrator; a restricted service account passes', () => {
    const results = runCheck(check, fixture('windows-hostprocess.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([
      ['csi-proxy', 'fail', 'spec.template.spec.securityContext.windowsOptions'],
      ['metrics', 'pass', 'spec.template.spec.containers[1].securityContext.windowsOptions'],
      ['admin', 'fail', 'spec.template.spec.containers[2].securityContext.windowsOptions'],
    ]);
    expect(results[0]!.message).toContain('SYSTEM');
  });

  it('does not assess system namespaces', () => {
    expect(runCheck(check, fixture('pass.system-namespace.yaml'))).toEqual([]);
  });
});
