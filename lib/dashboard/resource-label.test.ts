import { describe, expect, it } from 'vitest';
import { csvRow, toEvaluatedResult, type ExportRow } from '@/lib/reports/findings-export';
import { resourceDisplayName, resourceLabel } from './resource-label';

describe('resource labels', () => {
  it('names namespaced and cluster-scoped resources by kind, namespace and name', () => {
    expect(resourceLabel({ kind: 'Deployment', namespace: 'payments', name: 'api' }, 'prod-eu')).toBe('Deployment payments/api');
    expect(resourceLabel({ kind: 'ClusterRole', namespace: null, name: 'admin' }, 'prod-eu')).toBe('ClusterRole admin');
  });

  it('names the pseudo-resource of a cluster-wide finding by the cluster, never by its internal id', () => {
    const r = { kind: 'Cluster', namespace: null, name: 'cmxcu3a2k0000abcd' };
    expect(resourceLabel(r, 'prod-eu')).toBe('Cluster prod-eu');
    expect(resourceDisplayName(r, 'prod-eu')).toBe('prod-eu');
    // Only the Cluster kind is renamed.
    expect(resourceDisplayName({ kind: 'Node', name: 'node-1' }, 'prod-eu')).toBe('node-1');
  });

  it('exports a cluster-wide finding under the cluster name (CSV and JSON)', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const row = {
      id: 'f1', clusterId: 'cmxcu3a2k0000abcd', cluster: { name: 'prod-eu' }, checkId: 'unknown-check', section: 'logging', severity: 'high',
      resourceApiVersion: 'rampart.dev/v1', resourceKind: 'Cluster', resourceNamespace: null, resourceName: 'cmxcu3a2k0000abcd',
      message: 'Audit logging is off', status: 'open', firstSeenAt: at, lastSeenAt: at, resolvedAt: null,
      fingerprint: 'abc', path: null, detail: null, evidence: null, patch: null, excepted: false,
    } as unknown as ExportRow;
    const csv = csvRow(row);
    expect(csv).toContain(',Cluster,,prod-eu,');
    expect(csv.split(',').filter((f) => f === 'cmxcu3a2k0000abcd')).toEqual([]);
    expect(toEvaluatedResult(row).resource.name).toBe('prod-eu');
  });
});
