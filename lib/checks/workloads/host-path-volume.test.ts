import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './host-path-volume';
import { normalizeHostPath, sensitiveHostPathReason } from './_shared/host-paths';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/host-path-volume', name));

describe('host-path-volume', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'host-path-volume'));

  it('fails every hostPath volume, critical for sensitive paths', () => {
    const results = runCheck(check, fixture('fail.host-paths.yaml'));
    expect(passes(results)).toEqual([]);
    expect(results.map((r) => [r.detail, r.severity, r.path])).toEqual([
      ['docker-sock', 'critical', 'spec.template.spec.volumes[0].hostPath'],
      ['cache', 'high', 'spec.template.spec.volumes[2].hostPath'],
      ['host-var', 'critical', 'spec.template.spec.volumes[3].hostPath'],
    ]);
    expect(results[2]!.evidence).toMatchObject({ normalizedPath: '/var', mounts: [{ container: 'runner', mountPath: '/host/var', readOnly: true }] });
  });

  it('rates the Podman API socket critical like the other runtime sockets, and a directory holding it', () => {
    const results = runCheck(check, fixture('fail.podman-socket.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.severity])).toEqual([
      ['podman-api', 'fail', 'critical'],
      ['podman-dir', 'fail', 'critical'],
    ]);
    expect(results[0]!.message).toContain('container runtime socket');
    expect(sensitiveHostPathReason('/var/run/podman/podman.sock')).toMatch(/container runtime socket/);
  });

  it('passes workloads without hostPath volumes, including those with no volumes at all', () => {
    const results = runCheck(check, fixture('pass.no-host-path.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results.map((r) => r.resource.name)).toEqual(['web', 'plain']);
  });

  it('does not assess system namespaces', () => {
    expect(runCheck(check, fixture('pass.system-namespace.yaml'))).toEqual([]);
  });

  it('classifies host paths', () => {
    expect(normalizeHostPath('//var/./run/../run/')).toBe('/var/run');
    for (const p of ['/', '/etc', '/etc/kubernetes/pki', '/var/run/docker.sock', '/run/containerd/containerd.sock', '/var/lib/kubelet/pods', '/proc', '/dev/mem', '/var', '/run', '/var/lib', '/opt/custom/crio.sock']) {
      expect(sensitiveHostPathReason(p), p).toBeDefined();
    }
    for (const p of ['/srv/data', '/mnt/disks/ssd0', '/run/xtables.lock', '/var/lib/app-data', '/opt']) {
      expect(sensitiveHostPathReason(p), p).toBeUndefined();
    }
  });

  it('classifies Windows host paths: the runtime named pipes, drive roots and system trees', () => {
    expect(sensitiveHostPathReason('\\\\.\\pipe\\docker_engine')).toMatch(/container runtime/);
    expect(sensitiveHostPathReason('\\\\.\\pipe\\containerd-containerd')).toMatch(/container runtime/);
    expect(sensitiveHostPathReason('C:\\')).toBe('the whole host filesystem');
    expect(sensitiveHostPathReason('c:/')).toBe('the whole host filesystem');
    expect(sensitiveHostPathReason('C:\\Windows\\System32')).toBeDefined();
    expect(sensitiveHostPathReason('C:\\var\\lib\\kubelet')).toBeDefined();
    expect(sensitiveHostPathReason('C:\\etc\\kubernetes\\pki')).toBeDefined();
    expect(sensitiveHostPathReason('C:\\data\\app')).toBeUndefined();
  });
});
