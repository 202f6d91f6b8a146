import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './service-exposed-externally';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/service-exposed-externally', name));

describe('service-exposed-externally', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'service-exposed-externally'));

  it('fails NodePort, open and source-restricted LoadBalancers, and externalIPs', () => {
    const results = runCheck(check, fixture('fail.exposed.yaml'));
    expect(results.map((r) => [r.resource.name, r.status, r.path, r.severity])).toEqual([
      ['admin', 'fail', 'spec.type', undefined],
      ['public', 'fail', 'spec.type', undefined],
      ['partner', 'fail', 'spec.loadBalancerSourceRanges', 'low'],
      ['legacy', 'fail', 'spec.externalIPs', undefined],
    ]);
    expect(results[0]!.resource).toEqual({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'admin' });
    expect(results[0]!.message).toContain('30080');
  });

  it('passes ClusterIP (type unset), headless, internal load balancers and ExternalName; lists Ingress routes', () => {
    const results = runCheck(check, fixture('pass.internal.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results.map((r) => r.resource.name)).toEqual(['api', 'db', 'internal-lb', 'payments']);
    expect(results[0]!.evidence?.type).toBe('ClusterIP');
    expect(results[0]!.evidence?.ingresses).toEqual(['web']);
  });
  it('reads the source-range annotation and the AWS Load Balancer Controller default scheme (internal)', () => {
    const results = runCheck(check, fixture('lb-annotations.yaml'));
    expect(results.map((r) => [r.resource.name, r.status, r.path, r.severity])).toEqual([
      ['partner-annotated', 'fail', "metadata.annotations['service.beta.kubernetes.io/load-balancer-source-ranges']", 'low'],
      ['open-annotated', 'fail', 'spec.type', undefined],
      ['lbc-class', 'pass', 'spec.loadBalancerClass', undefined],
      ['lbc-external', 'pass', "metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-type']", undefined],
      ['lbc-public', 'fail', 'spec.type', undefined],
      ['in-tree-nlb', 'fail', 'spec.type', undefined],
    ]);
    expect(results[0]!.evidence?.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
  });
});
