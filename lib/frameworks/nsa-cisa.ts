/**
 * NSA/CISA Kubernetes Hardening Guidance (v1.2, August 2022): its topics as controls. Checks name
 * NSA/CISA topics as free text (lib/checks/frameworks, `nsa`); `NSA_TOPIC_RULES` files each such
 * text under one control, first match wins (a test fails when a check's text matches none).
 * Data only.
 */
import type { ControlFallback, FrameworkSpec } from './types';

const POD = 'Kubernetes Pod security';
const NET = 'Network separation and hardening';
const AUTH = 'Authentication and authorization';
const LOG = 'Audit logging and threat detection';
const UPG = 'Upgrading and application security practices';

const ROWS: ReadonlyArray<[id: string, group: string, title: string, fallback: ControlFallback]> = [
  ['pod-non-root', POD, 'Containers run as non-root users; rootless engines where possible', 'not-covered'],
  ['pod-immutable-fs', POD, 'Container file systems are immutable (read-only root)', 'not-covered'],
  ['pod-secure-images', POD, 'Images are built, scanned, signed and pulled securely', 'not-covered'],
  ['pod-security-enforcement', POD, 'Pod security is enforced at admission (no privileged, host or escalating pods)', 'not-covered'],
  ['pod-service-account-tokens', POD, 'Pod service account tokens are protected and mounted only where needed', 'not-covered'],
  ['pod-hardened-environment', POD, 'Container environments are hardened (seccomp, AppArmor, SELinux, sandboxes)', 'not-covered'],
  ['net-namespaces', NET, 'Namespaces separate teams and workloads', 'not-covered'],
  ['net-network-policies', NET, 'Network policies deny traffic by default and allow only what is needed', 'not-covered'],
  ['net-cloud-metadata', NET, 'Pods cannot reach the cloud metadata service', 'not-covered'],
  ['net-resource-policies', NET, 'Resource policies (LimitRange, ResourceQuota, limits) bound what pods consume', 'not-covered'],
  ['net-control-plane', NET, 'The control plane is hardened and not exposed more than needed', 'not-covered'],
  ['net-etcd', NET, 'etcd is reachable only by the API server, over TLS', 'not-covered'],
  ['net-kubeconfig', NET, 'Kubeconfig files are protected', 'node-access'],
  ['net-worker-nodes', NET, 'Worker nodes and kubelets are segmented and locked down', 'not-covered'],
  ['net-encryption', NET, 'Traffic is encrypted in transit', 'not-covered'],
  ['net-secrets', NET, 'Secrets are encrypted at rest, access-controlled and kept out of code and configuration', 'not-covered'],
  ['auth-authentication', AUTH, 'Every user and component authenticates; anonymous and static credentials are off', 'not-covered'],
  ['auth-rbac', AUTH, 'RBAC grants least privilege', 'not-covered'],
  ['log-audit', LOG, 'Kubernetes audit logging is on and retained', 'not-covered'],
  ['log-node-container', LOG, 'Worker node and container logs are collected', 'manual'],
  ['log-siem-alerting', LOG, 'Logs reach a SIEM; alerting and threat detection are in place', 'manual'],
  ['log-fault-tolerance', LOG, 'Logging is fault tolerant', 'manual'],
  ['upgrade-practices', UPG, 'Kubernetes and applications are patched and upgraded promptly; periodic reviews happen', 'manual'],
];

export const NSA_CISA: FrameworkSpec = {
  id: 'nsa-cisa',
  name: 'NSA/CISA Kubernetes Hardening Guidance',
  description: 'The NSA and CISA Kubernetes Hardening Guidance (version 1.2, August 2022), its topics as controls.',
  controls: ROWS.map(([id, group, title, fallback]) => ({ id, group, title, fallback })),
};

/** A check's NSA/CISA topic text → control id; the first rule whose pattern matches wins. */
export const NSA_TOPIC_RULES: ReadonlyArray<[pattern: RegExp, controlId: string]> = [
  [/service account token/i, 'pod-service-account-tokens'],
  [/non-root|rootless/i, 'pod-non-root'],
  [/immutable container file/i, 'pod-immutable-fs'],
  [/building secure container images/i, 'pod-secure-images'],
  [/resource (limits|policies)/i, 'net-resource-policies'],
  [/hardening container environments/i, 'pod-hardened-environment'],
  [/pod security enforcement|admission control/i, 'pod-security-enforcement'],
  [/etcd/i, 'net-etcd'],
  [/secrets/i, 'net-secrets'],
  [/cloud metadata/i, 'net-cloud-metadata'],
  [/network policies/i, 'net-network-policies'],
  [/: namespaces/i, 'net-namespaces'],
  [/worker node|^kubelet:/i, 'net-worker-nodes'],
  [/encrypt traffic/i, 'net-encryption'],
  [/control plane hardening|limit exposed/i, 'net-control-plane'],
  [/audit log/i, 'log-audit'],
  [/^authentication and authorization: .*(rbac|least[- ]privilege|cluster-admin|administrative)/i, 'auth-rbac'],
  [/^authentication and authorization/i, 'auth-authentication'],
  [/^upgrading/i, 'upgrade-practices'],
];

/** The control a check's NSA/CISA topic text belongs to (undefined when no rule matches). */
export function nsaControlOf(topic: string): string | undefined {
  return NSA_TOPIC_RULES.find(([re]) => re.test(topic))?.[1];
}
