/**
 * The grants Kubernetes itself gives to everyone (the "defaults" the broad groups hold), so that
 * checks flag only what goes beyond them. Judged by content, not by name, so a default role
 * that someone widened is no longer a default.
 *
 * - system:public-info-viewer → system:authenticated + system:unauthenticated:
 *   get /healthz, /livez, /readyz, /version, /version/
 * - system:discovery → system:authenticated: get /api, /api/*, /apis, /apis/*, /openapi, /openapi/* (and the above)
 * - system:basic-user → system:authenticated: create selfsubjectaccessreviews, selfsubjectrulesreviews, selfsubjectreviews
 * - system:service-account-issuer-discovery → system:serviceaccounts (and, as documented, sometimes
 *   system:unauthenticated): get /.well-known/openid-configuration, /openid/v1/jwks
 * - kubeadm's kubeadm:bootstrap-signer-clusterinfo → system:anonymous: get configmap cluster-info in kube-public
 */
import { GROUP_UNAUTHENTICATED, USER_ANONYMOUS } from './subjects';
import type { Grant } from './types';

const PUBLIC_INFO_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
const ISSUER_DISCOVERY_URLS = ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'];
const DISCOVERY_URLS = ['/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'];
const SELF_REVIEW_GROUPS = ['authorization.k8s.io', 'authentication.k8s.io'];
const SELF_REVIEW_RESOURCES = ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews'];

const subset = (values: string[], allowed: readonly string[]): boolean => values.length > 0 && values.every((v) => allowed.includes(v));

function isUnauthenticatedHolder(grant: Grant): boolean {
  return (grant.subject.kind === 'Group' && grant.subject.name === GROUP_UNAUTHENTICATED) || (grant.subject.kind === 'User' && grant.subject.name === USER_ANONYMOUS);
}

/** Is this grant within what Kubernetes (or kubeadm) grants every caller of its kind by default? */
export function isDefaultPublicGrant(grant: Grant): boolean {
  const unauthenticated = isUnauthenticatedHolder(grant);
  if (grant.nonResourceURLs.length > 0 && grant.resources.length === 0) {
    const allowed = unauthenticated ? [...PUBLIC_INFO_URLS, ...ISSUER_DISCOVERY_URLS] : [...PUBLIC_INFO_URLS, ...DISCOVERY_URLS, ...ISSUER_DISCOVERY_URLS];
    return subset(grant.verbs, ['get']) && subset(grant.nonResourceURLs, allowed);
  }
  if (grant.nonResourceURLs.length > 0) return false;
  if (!unauthenticated && subset(grant.verbs, ['create']) && subset(grant.apiGroups, SELF_REVIEW_GROUPS) && subset(grant.resources, SELF_REVIEW_RESOURCES)) {
    return true;
  }
  return (
    grant.scope.kind === 'namespace' &&
    grant.scope.namespace === 'kube-public' &&
    subset(grant.verbs, ['get']) &&
    subset(grant.apiGroups, ['']) &&
    subset(grant.resources, ['configmaps']) &&
    subset(grant.resourceNames, ['cluster-info'])
  );
}
