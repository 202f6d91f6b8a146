/**
 * What makes a Service reachable from outside the cluster: its type, external IPs, and whether a
 * LoadBalancer is private to the network (provider annotations) or limited to source ranges.
 * Shared by service-exposed-externally, admin-ui-exposed and the workload risk ranking (lib/risk).
 */
import type { V1Ingress, V1Service } from '@kubernetes/client-node';

/** Annotations cloud providers use to make a LoadBalancer Service private to the VPC/VNet. */
const INTERNAL_LB_ANNOTATIONS: Array<[string, (v: string) => boolean]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', (v) => v !== 'false' && v !== ''],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', (v) => v === 'internal'],
  ['networking.gke.io/load-balancer-type', (v) => v.toLowerCase() === 'internal'],
  ['cloud.google.com/load-balancer-type', (v) => v.toLowerCase() === 'internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', (v) => v === 'true'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', (v) => v === 'true'],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', (v) => v === 'true'],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', (v) => v === 'private'],
];

const AWS_LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const AWS_LB_SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const AWS_LBC_CLASS = 'service.k8s.aws/nlb';
/** Annotation the cloud providers read when spec.loadBalancerSourceRanges is empty. */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** Why a LoadBalancer Service is private to the network (and the field that says so), or undefined. */
export function internalLoadBalancer(svc: V1Service): { path: string; why: string } | undefined {
  const annotations = svc.metadata?.annotations ?? {};
  for (const [key, isInternal] of INTERNAL_LB_ANNOTATIONS) {
    const v = annotations[key];
    if (v !== undefined && isInternal(v)) return { path: `metadata.annotations['${key}']`, why: key };
  }
  // The AWS Load Balancer Controller (v2.2+) handles Services of its class or annotated type
  // external / nlb-ip, and provisions an internal NLB unless the scheme annotation says otherwise.
  if (annotations[AWS_LB_SCHEME] === undefined) {
    if (svc.spec?.loadBalancerClass === AWS_LBC_CLASS) {
      return { path: 'spec.loadBalancerClass', why: `AWS Load Balancer Controller (class ${AWS_LBC_CLASS}) without an internet-facing scheme` };
    }
    const lbType = annotations[AWS_LB_TYPE]?.trim().toLowerCase();
    if (!svc.spec?.loadBalancerClass && (lbType === 'external' || lbType === 'nlb-ip')) {
      return { path: `metadata.annotations['${AWS_LB_TYPE}']`, why: `AWS Load Balancer Controller (type ${lbType}) without an internet-facing scheme` };
    }
  }
  return undefined;
}

/** Source ranges of a LoadBalancer: the spec field, else the legacy annotation (comma-separated). */
export function sourceRangesOf(svc: V1Service): { ranges: string[]; path: string } {
  const spec = (svc.spec?.loadBalancerSourceRanges ?? []).map((r) => r.trim()).filter(Boolean);
  if (spec.length > 0) return { ranges: spec, path: 'spec.loadBalancerSourceRanges' };
  const annotation = svc.metadata?.annotations?.[SOURCE_RANGES_ANNOTATION];
  const ranges = (annotation ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  return { ranges, path: ranges.length > 0 ? `metadata.annotations['${SOURCE_RANGES_ANNOTATION}']` : 'spec.loadBalancerSourceRanges' };
}

/** Ingresses (namespace/name) whose rules or default backend route to the Service. */
export function ingressesByService(ingresses: V1Ingress[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const ing of ingresses) {
    const ns = ing.metadata?.namespace || 'default';
    const names = new Set<string>();
    const def = ing.spec?.defaultBackend?.service?.name;
    if (def) names.add(def);
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        if (p.backend?.service?.name) names.add(p.backend.service.name);
      }
    }
    for (const svc of names) {
      const key = `${ns}/${svc}`;
      map.set(key, [...(map.get(key) ?? []), ing.metadata?.name ?? '']);
    }
  }
  return map;
}
