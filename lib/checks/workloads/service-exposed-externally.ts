import { ingressesByService, internalLoadBalancer, sourceRangesOf } from './_shared/exposure';
import type { Check, CheckResult, ResourceRef } from '../types';

export const check: Check = {
  id: 'service-exposed-externally',
  title: 'Service exposed outside the cluster',
  section: 'workloads',
  severity: 'medium',
  reads: ['ingresses', 'services'],
  guideRef: '5.6',
  description:
    'Looks at every Service: type NodePort, type LoadBalancer and any spec.externalIPs fail; ClusterIP (the default when type is unset), headless and ExternalName Services pass. ' +
    'A LoadBalancer marked internal by its cloud provider annotation (AWS, GKE, Azure, OCI, OpenStack, IBM) passes, and so does one handled by the AWS Load Balancer Controller (loadBalancerClass service.k8s.aws/nlb, or aws-load-balancer-type external / nlb-ip) without an aws-load-balancer-scheme annotation, since that controller makes internal NLBs by default. ' +
    'One limited by loadBalancerSourceRanges (or, when that field is empty, the service.beta.kubernetes.io/load-balancer-source-ranges annotation the providers also read) still fails, at low severity. ' +
    'Ingress objects are not findings themselves: they are the intended, controlled entry point, and the evidence of each Service lists the Ingresses routing to it. The ingress controller\'s own LoadBalancer Service is reported like any other, to be accepted as an exception. System namespaces are assessed: an exposed Service there is a real exposure.',
  rationale:
    'Every NodePort, LoadBalancer and external IP is north-south traffic into the cluster (guide 5.6). Each one should be a deliberate decision: an internal tool published on a NodePort or a public load balancer is reachable by anyone who can reach the nodes or the internet, outside the NetworkPolicies that govern east-west traffic. externalIPs can also be abused to intercept other traffic (CVE-2020-8554).',
  remediation: {
    steps: [
      'Make the Service type ClusterIP unless it must be reached from outside the cluster.',
      'Publish HTTP(S) applications through the Ingress controller (one audited entry point with TLS) instead of per-Service load balancers.',
      'For a load balancer that only internal clients use, add the provider\'s internal annotation; otherwise restrict it with loadBalancerSourceRanges.',
      'Remove spec.externalIPs and block the field cluster-wide with an admission policy.',
    ],
    kubectl: 'kubectl -n <namespace> patch service <name> -p \'{"spec":{"type":"ClusterIP"}}\'',
    patch: 'spec:\n  type: ClusterIP\n',
  },
  evaluate(ctx) {
    const routes = ingressesByService(ctx.snapshot.objects.ingresses);
    const results: CheckResult[] = [];
    for (const svc of ctx.snapshot.objects.services) {
      const namespace = svc.metadata?.namespace || 'default';
      const name = svc.metadata?.name ?? '';
      const resource: ResourceRef = { apiVersion: svc.apiVersion || 'v1', kind: 'Service', namespace, name };
      const type = svc.spec?.type ?? 'ClusterIP';
      const externalIPs = svc.spec?.externalIPs ?? [];
      const { ranges: sourceRanges, path: sourceRangesPath } = sourceRangesOf(svc);
      const ingresses = routes.get(`${namespace}/${name}`) ?? [];
      const ports = (svc.spec?.ports ?? []).map((p) => ({ port: p.port, nodePort: p.nodePort ?? null, protocol: p.protocol ?? 'TCP' }));
      const evidence = { type, externalIPs, loadBalancerSourceRanges: sourceRanges, ports, ingresses };
      const label = `Service ${namespace}/${name}`;
      if (externalIPs.length > 0) {
        results.push({
          status: 'fail',
          resource,
          message: `${label} accepts traffic on external IPs ${externalIPs.join(', ')}.`,
          path: 'spec.externalIPs',
          evidence,
        });
        continue;
      }
      if (type === 'NodePort') {
        results.push({
          status: 'fail',
          resource,
          message: `${label} is type NodePort and listens on port${ports.length > 1 ? 's' : ''} ${ports.map((p) => p.nodePort ?? '(assigned)').join(', ')} of every node.`,
          path: 'spec.type',
          evidence,
        });
        continue;
      }
      if (type === 'LoadBalancer') {
        const internal = internalLoadBalancer(svc);
        if (internal) {
          results.push({ status: 'pass', resource, message: `${label} is an internal load balancer (${internal.why}).`, path: internal.path, evidence });
          continue;
        }
        const open = sourceRanges.length === 0 || sourceRanges.some((r) => r === '0.0.0.0/0' || r === '::/0');
        results.push({
          status: 'fail',
          resource,
          message: open
            ? `${label} is a LoadBalancer reachable from any address.`
            : `${label} is a LoadBalancer reachable from ${sourceRanges.join(', ')}.`,
          path: open ? 'spec.type' : sourceRangesPath,
          evidence,
          ...(open ? {} : { severity: 'low' as const }),
        });
        continue;
      }
      results.push({ status: 'pass', resource, message: `${label} is type ${type} and reachable only inside the cluster${ingresses.length ? ` (published through Ingress ${ingresses.join(', ')})` : ''}.`, path: 'spec.type', evidence });
    }
    return results;
  },
};
