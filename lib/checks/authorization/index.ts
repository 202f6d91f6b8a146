/** Guide section 3 (Authorization): RBAC and service-account token checks. */
import type { Check } from '../types';
import { check as rbacAnonymousBinding } from './rbac-anonymous-binding';
import { check as rbacClusterAdminBinding } from './rbac-cluster-admin-binding';
import { check as rbacDefaultServiceAccountPermissions } from './rbac-default-service-account-permissions';
import { check as rbacEscalateBindImpersonate } from './rbac-escalate-bind-impersonate';
import { check as rbacNodeProxy } from './rbac-node-proxy';
import { check as rbacPodExec } from './rbac-pod-exec';
import { check as rbacSecretsAccess } from './rbac-secrets-access';
import { check as rbacWildcardPermissions } from './rbac-wildcard-permissions';
import { check as rbacWorkloadCreate } from './rbac-workload-create';
import { check as rbacTokenCreate } from './rbac-token-create';
import { check as rbacCsrApprove } from './rbac-csr-approve';
import { check as rbacAdmissionWebhookWrite } from './rbac-admission-webhook-write';
import { check as rbacPersistentVolumeCreate } from './rbac-persistent-volume-create';
import { check as rbacPortForward } from './rbac-port-forward';
import { check as rbacBindingToMissingRole } from './rbac-binding-to-missing-role';
import { check as serviceAccountTokenAutomount } from './service-account-token-automount';

export const checks: Check[] = [
  rbacClusterAdminBinding,
  rbacWildcardPermissions,
  rbacSecretsAccess,
  rbacPodExec,
  rbacWorkloadCreate,
  rbacEscalateBindImpersonate,
  rbacNodeProxy,
  rbacAnonymousBinding,
  rbacTokenCreate,
  rbacCsrApprove,
  rbacAdmissionWebhookWrite,
  rbacPersistentVolumeCreate,
  rbacPortForward,
  rbacBindingToMissingRole,
  rbacDefaultServiceAccountPermissions,
  serviceAccountTokenAutomount,
];
