/**
 * SelfSubjectAccessReview (authorization.k8s.io/v1), what `kubectl auth can-i` and permission
 * pre-checks POST: answers whether the caller's token may perform the described request.
 */
import { isAllowed, type SimToken } from './auth';

export interface AccessReviewResult {
  status: number;
  body: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Evaluates a SelfSubjectAccessReview body (already parsed JSON) for `token`. */
export function selfSubjectAccessReview(token: SimToken, review: unknown): AccessReviewResult {
  const spec = isObject(review) && isObject(review.spec) ? review.spec : undefined;
  if (!isObject(review) || review.kind !== 'SelfSubjectAccessReview' || !spec) {
    return { status: 400, body: { message: 'expected a SelfSubjectAccessReview with a spec' } };
  }
  let allowed: boolean;
  const ra = spec.resourceAttributes;
  if (isObject(ra)) {
    const verb = str(ra.verb);
    const resource = str(ra.resource);
    if (!verb || !resource) return { status: 400, body: { message: 'spec.resourceAttributes needs verb and resource' } };
    allowed = isAllowed(token, {
      verb,
      group: str(ra.group) ?? '',
      resource,
      subresource: str(ra.subresource),
      namespace: str(ra.namespace),
      name: str(ra.name),
    });
  } else if (isObject(spec.nonResourceAttributes)) {
    // Non-resource URLs (discovery, /version, /healthz) are open to every token without an allow-list.
    allowed = !token.allow;
  } else {
    return { status: 400, body: { message: 'spec needs resourceAttributes or nonResourceAttributes' } };
  }
  return {
    status: 201,
    body: {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: allowed ? { allowed: true, reason: `kube-sim: allowed for ${token.user}` } : { allowed: false },
    },
  };
}
