/**
 * Framework references for the authorization checks (guide section 3). Data only.
 * CIS: CIS Kubernetes Benchmark section 5.1 "RBAC and Service Accounts".
 * NSA: NSA/CISA Kubernetes Hardening Guidance, "Authentication and authorization" and "Pod security".
 */
import type { FrameworkTable } from './types';

export const frameworks: FrameworkTable = {
  'rbac-cluster-admin-binding': {
    cis: ['5.1.1'],
    nsa: ['Authentication and authorization: least-privilege RBAC', 'Authentication and authorization: restrict cluster-admin'],
  },
  'rbac-secrets-access': {
    cis: ['5.1.2'],
    nsa: ['Authentication and authorization: least-privilege RBAC', 'Secrets: restrict access to Secrets'],
  },
  'rbac-wildcard-permissions': {
    cis: ['5.1.3'],
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
  'rbac-workload-create': {
    cis: ['5.1.4'],
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
  'rbac-default-service-account-permissions': {
    cis: ['5.1.5'],
    nsa: ['Pod security: service account tokens', 'Authentication and authorization: least-privilege RBAC'],
  },
  'service-account-token-automount': {
    cis: ['5.1.5', '5.1.6'],
    nsa: ['Pod security: service account tokens'],
  },
  'rbac-escalate-bind-impersonate': {
    cis: ['5.1.8'],
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
  'rbac-node-proxy': {
    cis: ['5.1.10'],
    nsa: ['Authentication and authorization: least-privilege RBAC', 'Kubelet: restrict access to the kubelet API'],
  },
  'rbac-pod-exec': {
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
  'rbac-anonymous-binding': {
    nsa: ['Authentication and authorization: disable anonymous access'],
  },
  'rbac-persistent-volume-create': {
    cis: ['5.1.9'],
    nsa: ['Authentication and authorization: least-privilege RBAC', 'Kubernetes Pod security: pod security enforcement (no hostPath mounts)'],
  },
  'rbac-csr-approve': {
    cis: ['5.1.11'],
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
  'rbac-admission-webhook-write': {
    cis: ['5.1.12'],
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
  'rbac-token-create': {
    cis: ['5.1.13'],
    nsa: ['Authentication and authorization: least-privilege RBAC', 'Pod security: service account tokens'],
  },
  'rbac-port-forward': {
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
  'rbac-binding-to-missing-role': {
    nsa: ['Authentication and authorization: least-privilege RBAC'],
  },
};
