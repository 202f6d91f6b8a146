/**
 * The real-world corpus (fixtures/real-world, see its README): for each manifest set, the exact
 * failures expected after the correctness review, as `checkId Kind/namespace/name [detail]`.
 * A change in any verdict shows up here as a one-line diff.
 */
import { describe, expect, it } from 'vitest';
import { checkVerdicts, evaluateSet, failureKeys } from './corpus';

const EXPECTED: Array<{ set: string; source: 'manifests' | 'dump'; about: string; failures: string[] }> = [
  {
    set: 'workloads-helm',
    source: 'manifests',
    about: 'helm-template style: ingress-nginx, node-exporter, bitnami postgresql, app-team edge cases and a Windows pod',
    failures: [
        'capabilities-not-dropped DaemonSet/monitoring/node-exporter [node-exporter]',
        'container-runs-as-root DaemonSet/apps/win-agent [agent]',
        'container-runs-as-root Deployment/apps/caps [debug]',
        'dangerous-capabilities Deployment/apps/caps [debug]',
        'default-service-account-used DaemonSet/apps/log-shipper [service-account]',
        'default-service-account-used Deployment/apps/caps [service-account]',
        'default-service-account-used Deployment/apps/iis [service-account]',
        'default-service-account-used Deployment/apps/registry-port [service-account]',
        'external-secret-store Cluster//workloads-helm [external-secret-store]',
        'host-namespaces DaemonSet/monitoring/node-exporter [hostNetwork]',
        'host-namespaces DaemonSet/monitoring/node-exporter [hostPID]',
        'host-path-volume DaemonSet/apps/log-shipper [containerd]',
        'host-path-volume DaemonSet/apps/log-shipper [varlog]',
        'host-path-volume DaemonSet/apps/win-agent [containerd-pipe]',
        'host-path-volume DaemonSet/monitoring/node-exporter [proc]',
        'host-path-volume DaemonSet/monitoring/node-exporter [root]',
        'host-path-volume DaemonSet/monitoring/node-exporter [sys]',
        'image-not-pinned-by-digest DaemonSet/apps/log-shipper [proxy]',
        'image-not-pinned-by-digest DaemonSet/apps/log-shipper [shipper]',
        'image-not-pinned-by-digest DaemonSet/monitoring/node-exporter [node-exporter]',
        'image-not-pinned-by-digest Deployment/apps/caps [debug]',
        'image-not-pinned-by-digest Deployment/apps/iis [iis]',
        'image-not-pinned-by-digest Deployment/apps/registry-port [app]',
        'image-not-pinned-by-digest Deployment/apps/registry-port [library]',
        'image-not-pinned-by-digest StatefulSet/data/postgresql [postgresql]',
        'image-pull-policy DaemonSet/apps/log-shipper [proxy]',
        'image-pull-policy DaemonSet/apps/log-shipper [shipper]',
        'image-pull-policy DaemonSet/monitoring/node-exporter [node-exporter]',
        'image-pull-policy Deployment/apps/caps [debug]',
        'image-pull-policy Deployment/apps/iis [iis]',
        'image-pull-policy Deployment/apps/registry-port [app]',
        'image-pull-policy Deployment/apps/registry-port [library]',
        'image-pull-policy StatefulSet/data/postgresql [postgresql]',
        'image-signature-policy Cluster//workloads-helm',
        'image-tag-latest Deployment/apps/registry-port [library]',
        'metadata-api-egress Namespace//apps',
        'metadata-api-egress Namespace//data',
        'metadata-api-egress Namespace//ingress-nginx',
        'metadata-api-egress Namespace//monitoring',
        'namespace-resource-quota-missing Namespace//apps',
        'namespace-resource-quota-missing Namespace//data',
        'namespace-resource-quota-missing Namespace//ingress-nginx',
        'namespace-resource-quota-missing Namespace//monitoring',
        'network-egress-unrestricted Namespace//apps',
        'network-egress-unrestricted Namespace//data',
        'network-egress-unrestricted Namespace//ingress-nginx',
        'network-policy-missing Namespace//apps',
        'network-policy-missing Namespace//data',
        'network-policy-missing Namespace//ingress-nginx',
        'pod-security-admission-missing Namespace//ingress-nginx',
        'pod-security-admission-missing Namespace//monitoring',
        'privilege-escalation-allowed Deployment/apps/caps [debug]',
        'rbac-secrets-access ServiceAccount/ingress-nginx/ingress-nginx',
        'rbac-secrets-access ServiceAccount/ingress-nginx/ingress-nginx-admission',
        'resource-limits-missing DaemonSet/monitoring/node-exporter [node-exporter]',
        'resource-limits-missing Deployment/ingress-nginx/ingress-nginx-controller [controller]',
        'resource-limits-missing Job/ingress-nginx/ingress-nginx-admission-create [create]',
        'seccomp-profile-unset DaemonSet/monitoring/node-exporter [node-exporter]',
        'secret-in-env-var StatefulSet/data/postgresql [postgresql]',
        'service-account-token-automount ServiceAccount/apps/default',
        'service-account-token-automount ServiceAccount/data/default',
        'service-account-token-automount ServiceAccount/ingress-nginx/default',
        'service-account-token-automount ServiceAccount/monitoring/default',
        'service-exposed-externally Service/ingress-nginx/ingress-nginx-controller',
        'writable-root-filesystem Deployment/ingress-nginx/ingress-nginx-controller [controller]',
    ],
  },
  {
    set: 'kubeadm-control-plane',
    source: 'manifests',
    about: 'kubeadm v1.30 mirror pods with default flags, its kubelet config.yaml, kube-proxy and CoreDNS',
    failures: [
        'apiserver-anonymous-auth Pod/kube-system/kube-apiserver-cp-1 [anonymous-auth]',
        'apiserver-audit-logging Pod/kube-system/kube-apiserver-cp-1 [audit-logging]',
        'apiserver-kubelet-tls Pod/kube-system/kube-apiserver-cp-1 [kubelet-tls]',
        'apiserver-no-external-identity Cluster//kubeadm-control-plane [external-identity]',
        'control-plane-profiling Pod/kube-system/kube-apiserver-cp-1 [profiling]',
        'control-plane-profiling Pod/kube-system/kube-controller-manager-cp-1 [profiling]',
        'control-plane-profiling Pod/kube-system/kube-scheduler-cp-1 [profiling]',
        'external-secret-store Cluster//kubeadm-control-plane [external-secret-store]',
        'image-signature-policy Cluster//kubeadm-control-plane',
        'kubelet-pod-pid-limit Node//cp-1 [pod-pid-limit]',
        'kubelet-protect-kernel-defaults Node//cp-1 [protect-kernel-defaults]',
        'kubelet-tls-config Node//cp-1 [tls-config]',
        'resource-limits-missing DaemonSet/kube-system/kube-proxy [kube-proxy]',
        'resource-limits-missing Deployment/kube-system/coredns [coredns]',
        'resource-limits-missing Pod/kube-system/etcd-cp-1 [etcd]',
        'resource-limits-missing Pod/kube-system/kube-apiserver-cp-1 [kube-apiserver]',
        'resource-limits-missing Pod/kube-system/kube-controller-manager-cp-1 [kube-controller-manager]',
        'resource-limits-missing Pod/kube-system/kube-scheduler-cp-1 [kube-scheduler]',
        'seccomp-profile-unset Deployment/kube-system/coredns [coredns]',
        'secrets-encryption-at-rest Cluster//kubeadm-control-plane [encryption-at-rest]',
    ],
  },
  {
    set: 'managed-eks',
    source: 'manifests',
    about: 'EKS style: no static pods, no kubelet configz, aws-node in kube-system',
    failures: [
        'external-secret-store Cluster//managed-eks [external-secret-store]',
        'image-signature-policy Cluster//managed-eks',
        'resource-limits-missing DaemonSet/kube-system/aws-node [aws-node]',
        'resource-limits-missing DaemonSet/kube-system/aws-node [aws-vpc-cni-init]',
        'seccomp-profile-unset DaemonSet/kube-system/aws-node [aws-node]',
    ],
  },
  {
    set: 'kubectl-dump/cluster.json',
    source: 'dump',
    about: 'kubectl get -o json List: Deployment/ReplicaSets/Pods, CronJob/Job/Pod, a kubectl-debug ephemeral container',
    failures: [
        'capabilities-not-dropped Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'external-secret-store Cluster//kubectl-dump/cluster.json [external-secret-store]',
        'image-not-pinned-by-digest Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'image-pull-policy Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'image-signature-policy Cluster//kubectl-dump/cluster.json',
        'privilege-escalation-allowed Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'privileged-container Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'writable-root-filesystem Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
    ],
  },
  {
    set: 'rbac-system',
    source: 'manifests',
    about: "kube-system identities: the cluster's own bootstrap and kubeadm bindings (no finding), add-ons bound there by their installers (judged), a CSI provisioner",
    failures: [
        'external-secret-store Cluster//rbac-system [external-secret-store]',
        'image-signature-policy Cluster//rbac-system',
        'rbac-admission-webhook-write ServiceAccount/kube-system/ingress-nginx-admission',
        'rbac-cluster-admin-binding ServiceAccount/kube-system/tiller',
        'rbac-persistent-volume-create ServiceAccount/storage/csi-provisioner',
    ],
  },
  {
    set: 'rbac',
    source: 'manifests',
    about: 'cert-manager roles and aggregation, RoleBinding to view/edit, cluster-admin bindings, resourceNames, nonResourceURLs, subjects without apiGroup/namespace',
    failures: [
        'external-secret-store Cluster//rbac [external-secret-store]',
        'image-signature-policy Cluster//rbac',
        'pod-security-admission-missing Namespace//team-b',
        'rbac-cluster-admin-binding Group//ops',
        'rbac-cluster-admin-binding ServiceAccount/ci/deployer',
        'rbac-default-service-account-permissions ServiceAccount/team-b/default',
        'rbac-escalate-bind-impersonate ServiceAccount/team-b/default',
        'rbac-pod-exec ServiceAccount/team-b/default',
        'rbac-port-forward ServiceAccount/team-b/default',
        'rbac-secrets-access ServiceAccount/cert-manager/cert-manager',
        'rbac-secrets-access ServiceAccount/team-b/default',
        'rbac-token-create ServiceAccount/team-b/default',
        'rbac-workload-create ServiceAccount/team-b/default',
        'service-account-token-automount ServiceAccount/cert-manager/default',
        'service-account-token-automount ServiceAccount/team-a/default',
        'service-account-token-automount ServiceAccount/team-b/default',
    ],
  },
  {
    set: 'network-psa',
    source: 'manifests',
    about: 'egress-only default deny, policies without policyTypes, PSA warn/audit only',
    failures: [
        'external-secret-store Cluster//network-psa [external-secret-store]',
        'image-signature-policy Cluster//network-psa',
        'metadata-api-egress Namespace//implicit-types',
        'metadata-api-egress Namespace//psa-warn',
        'network-egress-unrestricted Namespace//implicit-types',
        'network-egress-unrestricted Namespace//psa-warn',
        'network-policy-missing Namespace//egress-only',
        'network-policy-missing Namespace//psa-warn',
        'pod-security-admission-missing Namespace//psa-warn',
        'service-account-token-automount ServiceAccount/egress-only/default',
        'service-account-token-automount ServiceAccount/implicit-types/default',
        'service-account-token-automount ServiceAccount/psa-warn/default',
    ],
  },
  {
    set: 'hardened',
    source: 'manifests',
    about: 'a fully hardened application namespace',
    failures: [
        'external-secret-store Cluster//hardened [external-secret-store]',
        'image-signature-policy Cluster//hardened',
    ],
  },
  {
    set: 'secrets',
    source: 'manifests',
    about: 'credential values in a Secret, a ConfigMap and env',
    failures: [
        'capabilities-not-dropped Deployment/app/api [api]',
        'container-runs-as-root Deployment/app/api [api]',
        'default-service-account-used Deployment/app/api [service-account]',
        'external-secret-store Cluster//secrets [external-secret-store]',
        'hardcoded-secret-in-command Deployment/app/api [api]',
        'hardcoded-secret-in-env Deployment/app/api [api]',
        'image-not-pinned-by-digest Deployment/app/api [api]',
        'image-pull-policy Deployment/app/api [api]',
        'image-signature-policy Cluster//secrets',
        'metadata-api-egress Namespace//app',
        'namespace-resource-quota-missing Namespace//app',
        'network-egress-unrestricted Namespace//app',
        'network-policy-missing Namespace//app',
        'pod-security-admission-missing Namespace//app',
        'privilege-escalation-allowed Deployment/app/api [api]',
        'resource-limits-missing Deployment/app/api [api]',
        'seccomp-profile-unset Deployment/app/api [api]',
        'secret-like-configmap-key ConfigMap/app/cfg [keys]',
        'service-account-token-automount Deployment/app/api',
        'service-account-token-automount ServiceAccount/app/default',
        'writable-root-filesystem Deployment/app/api [api]',
    ],
  },
  {
    set: 'argo-rollouts/rollout.json',
    source: 'dump',
    about: 'Argo Rollout dump: three ReplicaSet revisions owned by a Rollout, the two old ones unhardened and scaled to 0',
    failures: [
        'external-secret-store Cluster//argo-rollouts/rollout.json [external-secret-store]',
        'image-signature-policy Cluster//argo-rollouts/rollout.json',
    ],
  },
  {
    set: 'kubectl-dump/deploy-cronjob-pods.json',
    source: 'dump',
    about: 'the same dump without ReplicaSets and Jobs (kubectl get deploy,cronjob,pods): Pods still collapse into their Deployment / CronJob',
    failures: [
        'capabilities-not-dropped Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'external-secret-store Cluster//kubectl-dump/deploy-cronjob-pods.json [external-secret-store]',
        'image-not-pinned-by-digest Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'image-pull-policy Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'image-signature-policy Cluster//kubectl-dump/deploy-cronjob-pods.json',
        'privilege-escalation-allowed Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'privileged-container Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
        'writable-root-filesystem Deployment/shop/web [web-7d9f8c6b5d-fghij/debugger-x7k2p]',
    ],
  },
  {
    set: 'cni',
    source: 'manifests',
    about: 'Calico as the Tigera operator renders it in calico-system: a well-known node agent, not assessed like an application',
    failures: [
        'external-secret-store Cluster//cni [external-secret-store]',
        'image-signature-policy Cluster//cni',
        'pod-security-admission-missing Namespace//calico-system',
        'resource-limits-missing DaemonSet/calico-system/calico-node [calico-node]',
        'resource-limits-missing DaemonSet/calico-system/calico-node [flexvol-driver]',
        'resource-limits-missing DaemonSet/calico-system/calico-node [install-cni]',
        'resource-limits-missing Deployment/calico-system/calico-kube-controllers [calico-kube-controllers]',
        'service-account-token-automount ServiceAccount/calico-system/default',
    ],
  },
];

describe('real-world corpus: exact failures per manifest set', () => {
  for (const { set, source, about, failures } of EXPECTED) {
    it(`${set}: ${about}`, () => {
      const evaluation = evaluateSet(set, source);
      expect(evaluation.errors).toEqual([]);
      expect(failureKeys(evaluation)).toEqual([...failures].sort());
    });
  }
});

describe('real-world corpus: properties', () => {
  it('a fully hardened application yields no failure about any of its resources (only cluster-wide conditions remain)', () => {
    const evaluation = evaluateSet('hardened');
    const failed = evaluation.results.filter((r) => r.status === 'fail' && r.resource.kind !== 'Cluster');
    expect(failed.map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
    // ...and it was actually assessed.
    expect(evaluation.passes.filter((p) => p.namespace === 'payments').reduce((n, p) => n + p.count, 0)).toBeGreaterThan(20);
  });

  it('never puts a secret value into any result, pass or fail (messages, evidence, patches)', () => {
    const evaluation = evaluateSet('secrets');
    const text = JSON.stringify(evaluation.results);
    expect(text).not.toMatch(/LEAKME/);
    expect(text).not.toContain('TEVBS01F'); // base64 of a LEAKME value
    expect(evaluation.results.some((r) => r.checkId === 'hardcoded-secret-in-env' && r.status === 'fail')).toBe(true);
  });

  it('reports control-plane and kubelet checks on a managed cluster as not applicable, never pass or fail', () => {
    const evaluation = evaluateSet('managed-eks');
    const controlPlane = evaluation.results.filter(
      (r) => (r.section === 'cluster' && r.checkId !== 'dashboard-exposed') || r.checkId.startsWith('apiserver-') || r.checkId === 'secrets-encryption-at-rest',
    );
    expect(controlPlane.length).toBeGreaterThan(10);
    expect(controlPlane.filter((r) => r.status !== 'not-applicable').map((r) => r.checkId)).toEqual([]);
  });

  it.each(['kubectl-dump/cluster.json', 'kubectl-dump/deploy-cronjob-pods.json'])(
    "attributes a dump's Pods and ReplicaSets to their Deployment / CronJob: one workload each, whatever the replicas (%s)",
    (set) => {
      // Every verdict of one check, passes included (a scan only counts its passes).
      const workloads = checkVerdicts(set, 'dump', 'host-namespaces').map((r) => `${r.resource.kind}/${r.resource.name}`);
      expect(workloads.sort()).toEqual(['CronJob/nightly-report', 'Deployment/web']);
    },
  );

  it('reports a subject bound to cluster-admin once, not again under every narrower RBAC check', () => {
    const evaluation = evaluateSet('rbac');
    const ops = evaluation.results.filter((r) => r.resource.kind === 'Group' && r.resource.name === 'ops');
    expect(ops.filter((r) => r.status === 'fail').map((r) => r.checkId)).toEqual(['rbac-cluster-admin-binding']);
    expect(ops.filter((r) => r.status === 'not-applicable').map((r) => r.checkId).sort()).toEqual([
      'rbac-admission-webhook-write',
      'rbac-csr-approve',
      'rbac-escalate-bind-impersonate',
      'rbac-node-proxy',
      'rbac-persistent-volume-create',
      'rbac-pod-exec',
      'rbac-port-forward',
      'rbac-secrets-access',
      'rbac-token-create',
      'rbac-workload-create',
    ]);
  });
});
