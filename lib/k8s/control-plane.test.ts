import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { extractControlPlane, parseFlags } from './control-plane';

function pod(
  name: string,
  containers: { name?: string; command?: string[]; args?: string[] }[],
  opts: { namespace?: string; labels?: Record<string, string>; ownerKind?: string } = {},
): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'kube-system',
      labels: opts.labels,
      ownerReferences: opts.ownerKind ? [{ apiVersion: 'v1', kind: opts.ownerKind, name: 'owner', uid: 'u' }] : undefined,
    },
    spec: { containers: containers.map((c, i) => ({ name: c.name ?? `c${i}`, image: 'img', command: c.command, args: c.args })) },
  };
}

describe('parseFlags', () => {
  it('reads --a=b, --a b and bare boolean flags', () => {
    expect(parseFlags(['kube-apiserver', '--a=b', '--c', 'd', '--e', '--f=x=y'])).toEqual({ a: 'b', c: 'd', e: 'true', f: 'x=y' });
  });

  it('keeps the last occurrence of a repeated flag', () => {
    expect(parseFlags(['--anonymous-auth=false', '--anonymous-auth=true'])).toEqual({ 'anonymous-auth': 'true' });
  });

  it('adds up repeated list flags (pflag string slices append after the first occurrence)', () => {
    expect(parseFlags(['--authorization-mode=Node', '--authorization-mode', 'RBAC', '--enable-admission-plugins=NodeRestriction', '--enable-admission-plugins=PodSecurity,EventRateLimit'])).toEqual({
      'authorization-mode': 'Node,RBAC',
      'enable-admission-plugins': 'NodeRestriction,PodSecurity,EventRateLimit',
    });
  });

  it('treats a flag followed by another flag as "true" and keeps empty values', () => {
    expect(parseFlags(['--profiling', '--insecure-port=', '--x'])).toEqual({ profiling: 'true', 'insecure-port': '', x: 'true' });
  });

  it('accepts single-dash flags (etcd) and stops at --', () => {
    expect(parseFlags(['etcd', '-cert-file=/a', '--', '--ignored=1'])).toEqual({ 'cert-file': '/a' });
  });

  it('keeps values as strings', () => {
    expect(parseFlags(['--secure-port', '6443'])).toEqual({ 'secure-port': '6443' });
  });
});

describe('extractControlPlane', () => {
  it('identifies kubeadm static pods by the component label and merges command and args', () => {
    const result = extractControlPlane([
      pod('kube-apiserver-cp1', [{ command: ['kube-apiserver', '--authorization-mode=Node,RBAC'], args: ['--profiling', 'false'] }], {
        labels: { component: 'kube-apiserver', tier: 'control-plane' },
      }),
    ]);
    expect(result).toEqual([
      {
        component: 'kube-apiserver',
        pod: { namespace: 'kube-system', name: 'kube-apiserver-cp1' },
        containerIndex: 0,
        flags: { 'authorization-mode': 'Node,RBAC', profiling: 'false' },
      },
    ]);
  });

  it('finds the component by its binary when there is no label, recording the container index', () => {
    const [etcd] = extractControlPlane([
      pod('my-etcd', [{ name: 'sidecar', command: ['/bin/proxy'] }, { name: 'server', command: ['/usr/local/bin/etcd', '--cert-file', '/pki/etcd.crt'] }]),
    ]);
    expect(etcd.component).toBe('etcd');
    expect(etcd.containerIndex).toBe(1);
    expect(etcd.flags).toEqual({ 'cert-file': '/pki/etcd.crt' });
  });

  it('finds the binary in args[0] when the image entrypoint is used', () => {
    const [sched] = extractControlPlane([pod('sched', [{ args: ['kube-scheduler', '--profiling=false'] }])]);
    expect(sched.component).toBe('kube-scheduler');
    expect(sched.flags).toEqual({ profiling: 'false' });
  });

  it('reads flags from a sh -c wrapper and skips an init wrapper in front of the binary', () => {
    const [api, cm] = extractControlPlane([
      pod('kcm', [{ command: ['/bin/sh', '-c', 'exec kube-controller-manager --use-service-account-credentials=true --profiling "false"'] }]),
      pod('api', [{ command: ['tini', '--', 'kube-apiserver', '--anonymous-auth=false'] }]),
    ]);
    expect(api.component).toBe('kube-apiserver');
    expect(api.flags).toEqual({ 'anonymous-auth': 'false' });
    expect(cm.component).toBe('kube-controller-manager');
    expect(cm.flags).toEqual({ 'use-service-account-credentials': 'true', profiling: 'false' });
  });

  it('supports hyperkube images', () => {
    const [api] = extractControlPlane([pod('apiserver', [{ command: ['/hyperkube', 'apiserver', '--insecure-port=0'] }])]);
    expect(api.component).toBe('kube-apiserver');
    expect(api.flags).toEqual({ 'insecure-port': '0' });
  });

  it('falls back to the pod name prefix for a pod no controller owns', () => {
    const [etcd] = extractControlPlane([pod('etcd-node-1', [{ command: ['/opt/run.sh', '--foo=bar'] }])]);
    expect(etcd).toMatchObject({ component: 'etcd', pod: { name: 'etcd-node-1' }, flags: { foo: 'bar' } });
  });

  it('ignores pods outside kube-system, controller-owned look-alikes and unrelated pods', () => {
    expect(
      extractControlPlane([
        pod('kube-apiserver-x', [{ command: ['kube-apiserver'] }], { namespace: 'default' }),
        pod('etcd-backup-28301', [{ command: ['etcdctl', 'snapshot', 'save'] }], { ownerKind: 'Job' }),
        pod('coredns-abc', [{ args: ['-conf', '/etc/coredns/Corefile'] }], { ownerKind: 'ReplicaSet' }),
      ]),
    ).toEqual([]);
  });

  it('returns components in a stable order', () => {
    const result = extractControlPlane([
      pod('kube-scheduler-b', [{ command: ['kube-scheduler'] }]),
      pod('etcd-a', [{ command: ['etcd'] }]),
      pod('kube-apiserver-b', [{ command: ['kube-apiserver'] }]),
      pod('kube-apiserver-a', [{ command: ['kube-apiserver'] }]),
    ]);
    expect(result.map((c) => c.pod.name)).toEqual(['kube-apiserver-a', 'kube-apiserver-b', 'etcd-a', 'kube-scheduler-b']);
  });
});
