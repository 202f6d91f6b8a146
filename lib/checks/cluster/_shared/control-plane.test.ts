import { describe, expect, it } from 'vitest';
import { componentMinor, configValue, etcdSetting, flagBool, flagList, flagPath, goDurationMs, serverMinor } from './control-plane';
import { tlsVersionTooOld, weakCipherSuites } from './tls';
import { snapshotFromYaml } from './test-helpers';

const apiserver = `
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver-a, namespace: kube-system, labels: {component: kube-apiserver}}
spec:
  containers:
  - name: sidecar
    image: proxy
    command: [proxy]
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.0
    command: [kube-apiserver, --profiling=false]
    args: [--anonymous-auth=false]
`;

const etcd = `
apiVersion: v1
kind: Pod
metadata: {name: etcd-a, namespace: kube-system}
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.15-0
    command: [etcd, --cert-file=/flag.crt]
    env:
    - {name: ETCD_CERT_FILE, value: /env.crt}
    - {name: ETCD_KEY_FILE, value: /env.key}
    - name: ETCD_TRUSTED_CA_FILE
      valueFrom: {secretKeyRef: {name: x, key: y}}
`;

describe('control-plane check helpers', () => {
  const snapshot = snapshotFromYaml([apiserver, etcd]);
  const [api, etcdComponent] = snapshot.controlPlane;

  it('points at args or command depending on where the flag is written, in the right container', () => {
    expect(api.containerIndex).toBe(1);
    expect(flagPath(snapshot, api, 'anonymous-auth')).toBe('spec.containers[1].args');
    expect(flagPath(snapshot, api, 'profiling')).toBe('spec.containers[1].command');
    expect(flagPath(snapshot, api, 'not-set')).toBe('spec.containers[1].command');
  });

  it('reads etcd settings from flags first, then ETCD_* variables, ignoring values it cannot see', () => {
    expect(etcdSetting(snapshot, etcdComponent, 'cert-file')).toBe('/flag.crt');
    expect(etcdSetting(snapshot, etcdComponent, 'key-file')).toBe('/env.key');
    expect(etcdSetting(snapshot, etcdComponent, 'trusted-ca-file')).toBeUndefined();
  });

  it('parses booleans like Go and lists like the components', () => {
    expect([flagBool('true'), flagBool('1'), flagBool('F'), flagBool('yes'), flagBool(undefined)]).toEqual([true, true, false, undefined, undefined]);
    expect(flagList(' Node, RBAC ,,')).toEqual(['Node', 'RBAC']);
  });

  it('reads nested kubelet settings and cluster versions', () => {
    expect(configValue({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(configValue({ a: 1 }, 'a.b')).toBeUndefined();
    expect(serverMinor(snapshotFromYaml([], { serverVersion: 'v1.29.3-eks-adc7111' }))).toBe(29);
    expect(serverMinor(snapshotFromYaml([]))).toBeUndefined();
  });

  it('takes a component version from the cluster, else from its image tag', () => {
    expect(componentMinor(snapshot, api)).toBe(31);
    expect(componentMinor(snapshotFromYaml([apiserver], { serverVersion: 'v1.27.1' }), api)).toBe(27);
    expect(componentMinor(snapshotFromYaml([apiserver.replace(':v1.31.0', '@sha256:abc')]), api)).toBeUndefined();
  });
});

describe('kubelet values', () => {
  it('reads Go durations as the kubelet writes them', () => {
    expect(goDurationMs('4h0m0s')).toBe(14_400_000);
    expect(goDurationMs('1h30m')).toBe(5_400_000);
    expect(goDurationMs('5m')).toBe(300_000);
    expect(goDurationMs('300ms')).toBe(300);
    expect(goDurationMs('0s')).toBe(0);
    expect(goDurationMs('0')).toBe(0);
    expect(goDurationMs('-1s')).toBe(-1000);
    expect(goDurationMs('4 hours')).toBeUndefined();
    expect(goDurationMs('5')).toBeUndefined();
  });

  it("names Go's insecure cipher suites and TLS versions below 1.2", () => {
    expect(weakCipherSuites(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', ' TLS_RSA_WITH_RC4_128_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256'])).toEqual(['TLS_RSA_WITH_RC4_128_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256']);
    expect(weakCipherSuites(['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'])).toEqual([]);
    expect(tlsVersionTooOld('VersionTLS11')).toBe(true);
    expect(tlsVersionTooOld('VersionTLS12')).toBe(false);
    expect(tlsVersionTooOld(undefined)).toBe(false);
  });
});
