import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../k8s/load';
import type { ClusterSnapshot } from '../../k8s/snapshot';
import { check } from './admin-ui-exposed';
import { consoleOf } from './_shared/admin-consoles';
import { expectCompleteMetadata, runCheck } from '../test-utils';

function fixture(name: string): ClusterSnapshot {
  const res = loadManifests(path.join(import.meta.dirname, '__fixtures__/admin-ui-exposed', name));
  expect(res.errors).toEqual([]);
  return res.snapshot;
}

describe('admin-ui-exposed', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'admin-ui-exposed'));

  it('fails consoles published by a LoadBalancer, a NodePort, an Ingress on the console port and a Gateway route (system namespaces included); anonymous access makes it critical', () => {
    const results = runCheck(check, fixture('fail.exposed.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.namespace, r.resource.name, r.detail, r.status, r.severity])).toEqual([
      ['Deployment', 'monitoring', 'grafana', 'grafana', 'fail', 'critical'],
      ['Deployment', 'argocd', 'argocd-server', 'argocd', 'fail', undefined],
      ['Deployment', 'longhorn-system', 'longhorn-ui', 'longhorn-ui', 'fail', undefined],
      ['Deployment', 'kube-system', 'weave-scope-app', 'weave-scope', 'fail', 'critical'],
      ['StatefulSet', 'monitoring', 'prometheus', 'prometheus', 'fail', undefined],
    ]);
    expect(results[0]!.evidence).toMatchObject({ exposedBy: ['Service grafana (LoadBalancer open to any address)'], anonymousAccess: 'anonymous visitors are let in with the Admin role (GF_AUTH_ANONYMOUS_ENABLED)' });
    expect(results[4]!.evidence).toMatchObject({ exposedBy: ['Ingress prometheus'] });
    expect(results[2]!.evidence).toMatchObject({ exposedBy: ['HTTPRoute longhorn (Gateway edge/public, not in the snapshot)'] });
  });

  it('passes consoles behind an internal or source-limited load balancer, an authenticating Ingress, another port of the pod, or ClusterIP only', () => {
    const results = runCheck(check, fixture('pass.internal.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['grafana', 'pass'],
      ['kibana', 'pass'],
      ['prometheus', 'pass'],
      ['alertmanager', 'pass'],
      ['jenkins', 'pass'],
    ]);
    expect(results[3]!.evidence).toMatchObject({ notPublishedBy: ['Service alertmanager (ClusterIP)', 'Ingress alertmanager (nginx.ingress.kubernetes.io/auth-url)'] });
  });

  it('passes the cluster when no console runs', () => {
    expect(runCheck(check, fixture('pass.none.yaml')).map((r) => [r.resource.kind, r.status])).toEqual([['Cluster', 'pass']]);
  });

  it('recognises consoles by image repository or name label, and multi-component images only by their command', () => {
    expect(consoleOf(['grafana/grafana'], [''], [])?.id).toBe('grafana');
    expect(consoleOf(['grafana/agent'], [''], [])).toBeUndefined();
    expect(consoleOf(['hashicorp/vault-k8s'], [''], [{ 'app.kubernetes.io/name': 'vault-agent-injector' }])).toBeUndefined();
    expect(consoleOf(['argoproj/argocd'], ['argocd-application-controller'], [])).toBeUndefined();
    expect(consoleOf(['registry.example.com/custom-grafana'], [''], [{ app: 'grafana' }])?.id).toBe('grafana');
    expect(consoleOf(['library/traefik'], ['--entrypoints.web.address=:80'], [])).toBeUndefined();
    expect(consoleOf(['library/traefik'], ['--api.insecure=true --entrypoints.web.address=:80'], [])?.id).toBe('traefik-dashboard');
  });
});
