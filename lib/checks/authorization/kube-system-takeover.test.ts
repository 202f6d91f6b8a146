/**
 * A grant inside kube-system reaches the control plane's service accounts: what lets the holder
 * read secrets, exec into pods, create workloads, impersonate or mint tokens there is a cluster takeover and
 * is rated critical by every check that reports it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index';
import { failures, loadFixtureSnapshot, runCheck } from '../test-utils';

describe('grants inside kube-system', () => {
  const snapshot = loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/_cluster/kube-system-edit.yaml'));
  const failed = checks.flatMap((check) => failures(runCheck(check, snapshot)).map((r) => ({ check: check.id, name: r.resource.name, severity: r.severity ?? check.severity, message: r.message })));
  const severities = (name: string) => Object.fromEntries(failed.filter((f) => f.name === name).map((f) => [f.check, f.severity]));

  it('rates edit through a RoleBinding in kube-system critical in every check it fails', () => {
    expect(severities('ops@example.com')).toEqual({
      'rbac-secrets-access': 'critical',
      'rbac-pod-exec': 'critical',
      'rbac-workload-create': 'critical',
      'rbac-escalate-bind-impersonate': 'critical',
      'rbac-token-create': 'critical',
      // A tunnel into kube-system pods is not, by itself, a takeover.
      'rbac-port-forward': 'medium',
    });
    expect(failed.find((f) => f.name === 'ops@example.com' && f.check === 'rbac-secrets-access')!.message).toContain('kube-system');
  });

  it('rates a custom role reading secrets in kube-system critical', () => {
    expect(severities('backup')).toEqual({ 'rbac-secrets-access': 'critical' });
  });

  it('keeps the checks\' own severities for the same role in an application namespace', () => {
    expect(severities('dev@example.com')).toEqual({
      'rbac-secrets-access': 'high',
      'rbac-pod-exec': 'high',
      'rbac-workload-create': 'medium',
      'rbac-escalate-bind-impersonate': 'high',
      'rbac-token-create': 'high',
      'rbac-port-forward': 'medium',
    });
  });
});
