/**
 * Whole-section sanity: a hardened control plane, hardened kubelets and a well-behaved
 * workload produce no failures and no not-applicable results in the cluster,
 * authentication and secrets checks; a managed control plane (no static pods, no kubelet
 * configs) produces no failures from the control-plane checks either.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../../k8s/snapshot';
import { checks as authenticationChecks } from '../../authentication/index';
import { checks as secretsChecks } from '../../secrets/index';
import { checks as clusterChecks } from '../index';
import { run, snapshotFromYaml } from './test-helpers';

const ALL = [...clusterChecks, ...authenticationChecks, ...secretsChecks];

describe('hardened cluster', () => {
  const snapshot = snapshotFromYaml([readFileSync(path.join(import.meta.dirname, '__fixtures__', 'pass.hardened-cluster.yaml'), 'utf8')], { serverVersion: 'v1.30.2' });

  it('reads all four control-plane components and both kubelets', () => {
    expect(snapshot.controlPlane.map((c) => c.component)).toEqual(['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler']);
    expect(snapshot.kubelets.map((k) => k.nodeName)).toEqual(['cp-1', 'worker-1']);
  });

  it.each(ALL.map((c) => [c.id, c] as const))('%s passes', (_id, check) => {
    const results = run(check, snapshot);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.status}: ${r.message}`)).toEqual([]);
  });

  it('a managed control plane yields not-applicable, never a failure, from control-plane checks', () => {
    const managed = makeSnapshot({ source: { type: 'cluster', name: 'gke' } });
    const controlPlaneChecks = ALL.filter((c) => !['dashboard-exposed', 'default-service-account-used', 'legacy-service-account-token-secret', 'secret-in-env-var', 'hardcoded-secret-in-env', 'hardcoded-secret-in-command', 'external-secret-store'].includes(c.id));
    for (const check of controlPlaneChecks) {
      expect(run(check, managed).map((r) => `${check.id}:${r.status}`)).toEqual([`${check.id}:not-applicable`]);
    }
  });

  it('a stock kubeadm 1.30 cluster fails exactly where kubeadm leaves defaults that are unsafe', () => {
    const kubeadm = snapshotFromYaml([readFileSync(path.join(import.meta.dirname, '__fixtures__', 'kubeadm-default-1.30.yaml'), 'utf8')], { serverVersion: 'v1.30.2' });
    const controlPlaneChecksOfKubeadm = [...clusterChecks, ...authenticationChecks, ...secretsChecks]
      .filter((c) => !['dashboard-exposed', 'default-service-account-used', 'legacy-service-account-token-secret', 'secret-in-env-var', 'hardcoded-secret-in-env', 'external-secret-store', 'secret-like-configmap-key'].includes(c.id));
    const failing = controlPlaneChecksOfKubeadm.filter((c) => run(c, kubeadm).some((r) => r.status === 'fail')).map((c) => c.id).sort();
    expect(failing).toEqual([
      'apiserver-anonymous-auth', // unset: defaults to true
      'apiserver-audit-logging', // no policy, no backend
      'apiserver-kubelet-tls', // no --kubelet-certificate-authority
      'apiserver-no-external-identity',
      'control-plane-profiling', // unset on all three: defaults to true
      'kubelet-pod-pid-limit', // podPidsLimit unset: -1, no per-pod limit
      'kubelet-protect-kernel-defaults', // unset: false
      'kubelet-tls-config', // no serving certificate and no serverTLSBootstrap: self-signed
      'secrets-encryption-at-rest',
    ]);
    const profiling = run(clusterChecks.find((c) => c.id === 'control-plane-profiling')!, kubeadm);
    expect(profiling.filter((r) => r.status === 'fail')).toHaveLength(3);
  });
});
