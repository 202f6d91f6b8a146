/** Framework mappings of the cluster section (guide 1). CIS ids: CIS Kubernetes Benchmark v1.10 (Kubernetes 1.28+). */
import type { FrameworkTable } from './types';

export const frameworks: FrameworkTable = {
  'apiserver-insecure-port': { nsa: ['Network separation and hardening: control plane hardening (no insecure API port)'] },
  'apiserver-anonymous-auth': { cis: ['1.2.1'], nsa: ['Authentication and authorization: disable anonymous requests'] },
  'apiserver-authorization-mode': { cis: ['1.2.6', '1.2.7', '1.2.8'], nsa: ['Authentication and authorization: RBAC'] },
  'apiserver-admission-plugins': { cis: ['1.2.10', '1.2.12', '1.2.13', '1.2.14'], nsa: ['Kubernetes Pod security: admission control'] },
  'apiserver-etcd-tls': { cis: ['1.2.23', '1.2.26'], nsa: ['Network separation and hardening: etcd (TLS between API server and etcd)'] },
  'apiserver-audit-logging': { cis: ['1.2.16', '3.2.1'], nsa: ['Audit logging and threat detection: API server audit logs'] },
  'apiserver-kubelet-tls': { cis: ['1.2.4', '1.2.5'], nsa: ['Network separation and hardening: control plane hardening (TLS to kubelets)'] },
  'controller-manager-service-account-credentials': { cis: ['1.3.3'], nsa: ['Authentication and authorization: least privilege for components'] },
  'control-plane-profiling': { cis: ['1.2.15', '1.3.2', '1.4.1'], nsa: ['Network separation and hardening: control plane hardening'] },
  'control-plane-bind-address': { cis: ['1.3.7', '1.4.2'], nsa: ['Network separation and hardening: control plane hardening'] },
  'kubelet-anonymous-auth': { cis: ['4.2.1'], nsa: ['Network separation and hardening: worker node (kubelet authentication)'] },
  'kubelet-read-only-port': { cis: ['4.2.4'], nsa: ['Network separation and hardening: worker node (kubelet read-only port)'] },
  'kubelet-authorization-mode': { cis: ['4.2.2'], nsa: ['Network separation and hardening: worker node (kubelet authorization)'] },
  'kubelet-certificate-rotation': { cis: ['4.2.10', '4.2.11'], nsa: ['Network separation and hardening: worker node (certificates)'] },
  'etcd-tls': { cis: ['2.1', '2.3'], nsa: ['Network separation and hardening: etcd'] },
  'etcd-client-cert-auth': { cis: ['2.2'], nsa: ['Network separation and hardening: etcd'] },
  'etcd-peer-tls': { cis: ['2.4', '2.5', '2.6'], nsa: ['Network separation and hardening: etcd'] },
  'dashboard-exposed': { cis: ['5.1.1'], nsa: ['Network separation and hardening: limit exposed services', 'Authentication and authorization: least privilege'] },
};
