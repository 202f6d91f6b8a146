import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../k8s/load';
import type { ClusterSnapshot } from '../../k8s/snapshot';
import { check } from './ingress-without-tls';
import { hostCovers } from './_shared/gateway-api';
import { expectCompleteMetadata, runCheck } from '../test-utils';

function fixture(name: string): ClusterSnapshot {
  const res = loadManifests(path.join(import.meta.dirname, '__fixtures__/ingress-without-tls', name));
  expect(res.errors).toEqual([]);
  return res.snapshot;
}
const verdicts = (name: string) => runCheck(check, fixture(name)).map((r) => [r.resource.kind, r.resource.name, r.status]);

describe('ingress-without-tls', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'ingress-without-tls'));

  it('fails an Ingress without spec.tls and offers the tls entry for its hosts', () => {
    const [r] = runCheck(check, fixture('fail.no-tls.yaml'));
    expect(r).toMatchObject({ status: 'fail', resource: { kind: 'Ingress', namespace: 'shop', name: 'shop' }, evidence: { uncoveredHosts: ['shop.example.com', 'api.example.com'] } });
    expect(parse(r!.patch!.body)).toEqual({ spec: { tls: [{ hosts: ['shop.example.com', 'api.example.com'], secretName: 'shop-tls' }] } });
  });

  it('fails hosts no tls entry covers, whatever ssl-redirect says, and keeps the existing entries in the patch', () => {
    const results = runCheck(check, fixture('fail.partial-tls.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['shop', 'fail'],
      ['catch-all', 'fail'],
    ]);
    expect(results[0]!.evidence).toMatchObject({ uncoveredHosts: ['admin.example.com', 'cdn.example.com'] });
    expect(parse(results[0]!.patch!.body).spec.tls).toHaveLength(2);
    expect(results[1]!.evidence).toMatchObject({ uncoveredHosts: ['(every host)'] });
    expect(results[1]!.patch).toBeUndefined();
  });

  it('passes covered hosts, TLS terminated in front of the controller, and the ACME solver; an empty Ingress gets no result', () => {
    expect(verdicts('pass.tls.yaml')).toEqual([
      ['Ingress', 'shop', 'pass'],
      ['Ingress', 'default-backend', 'pass'],
      ['Ingress', 'alb', 'pass'],
      ['Ingress', 'redirected', 'pass'],
      ['Ingress', 'cm-acme-http-solver-x7k2p', 'pass'],
    ]);
  });

  it('fails a Gateway whose HTTP listener serves a route with no HTTPS listener for its host', () => {
    const results = runCheck(check, fixture('fail.gateway-http.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'fail',
      resource: { kind: 'Gateway', namespace: 'edge', name: 'public' },
      path: 'spec.listeners[0]',
      evidence: { plainHttp: [{ listener: 'http', hosts: ['shop.example.com'], routes: ['HTTPRoute shop/shop'] }] },
    });
  });

  it('passes a Gateway whose HTTP listener only redirects, and one whose HTTP listener admits no route', () => {
    expect(verdicts('pass.gateway.yaml')).toEqual([
      ['Gateway', 'public', 'pass'],
      ['Gateway', 'internal', 'pass'],
    ]);
  });

  it('matches hostnames like the Ingress and Gateway APIs (wildcards cover one or more leading labels, not the apex)', () => {
    expect(hostCovers('*.example.com', 'a.example.com')).toBe(true);
    expect(hostCovers('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostCovers('*.example.com', 'example.com')).toBe(false);
    expect(hostCovers('*.example.com', '*.a.example.com')).toBe(true);
    expect(hostCovers('a.example.com', '*.example.com')).toBe(false);
    expect(hostCovers(undefined, 'x.org')).toBe(true);
  });
});
