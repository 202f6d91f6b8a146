import { describe, expect, it } from 'vitest';
import { createCheckContext } from '../checks/context';
import { loadFixtureSnapshot } from '../checks/test-utils';
import { evaluateSnapshot } from '../evaluation/evaluate';
import { assessWorkloadRisk } from './index';
import path from 'node:path';

const snapshotOf = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__', name));
function rank(name: string) {
  const snapshot = snapshotOf(name);
  return assessWorkloadRisk(createCheckContext(snapshot), evaluateSnapshot(snapshot).results);
}

describe('attack paths', () => {
  it('internet → public Service → container with a fixable critical CVE → cluster-admin ServiceAccount, cut at the binding', () => {
    const risk = rank('path.cluster-admin.yaml').find((r) => r.resource.name === 'console')!;
    expect(risk.path?.target).toBe('cluster-admin');
    expect(risk.path?.hops.map((h) => h.kind)).toEqual(['internet', 'entry', 'container', 'service-account', 'target']);
    expect(risk.path?.hops[1]?.findings[0]?.checkId).toBe('service-exposed-externally');
    expect(risk.path?.hops[2]?.findings[0]?.checkId).toBe('image-known-vulnerabilities');
    expect(risk.path?.hops[2]?.via).toContain('CVE-2024-0001');
    expect(risk.path?.cut).toMatchObject({ hop: 3, finding: { checkId: 'rbac-cluster-admin-binding', resource: { kind: 'ServiceAccount', name: 'console' } } });
  });

  it('goes through an escalation hop when the token can become a cluster-admin ServiceAccount', () => {
    const risk = rank('path.escalation.yaml').find((r) => r.resource.name === 'console')!;
    expect(risk.path?.hops.map((h) => h.kind)).toEqual(['internet', 'entry', 'container', 'service-account', 'escalation', 'target']);
    expect(risk.path?.hops[4]?.label).toBe('ServiceAccount tools/deployer');
    expect(risk.path?.cut.finding?.checkId).toBe('rbac-token-create');
  });

  it('ends on the node for a privileged container without RBAC power, cut at the privileged flag', () => {
    const risk = rank('path.node.yaml').find((r) => r.resource.name === 'console')!;
    expect(risk.path?.target).toBe('node');
    expect(risk.path?.hops.map((h) => h.kind)).toEqual(['internet', 'entry', 'container', 'target']);
    expect(risk.path?.cut).toMatchObject({ hop: 3, finding: { checkId: 'privileged-container' } });
  });

  it('has no path without an entry from outside, or without anything to reach', () => {
    const risks = rank('path.none.yaml');
    expect(risks.find((r) => r.resource.name === 'internal')?.path).toBeUndefined();
    expect(risks.find((r) => r.resource.name === 'exposed-only')?.path).toBeUndefined();
  });
});
