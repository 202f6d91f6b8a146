/**
 * Namespace posture (lib/scans/namespace-scores.ts at scan time, lib/dashboard/namespaces.ts to
 * read): scores from the cluster's scoring functions over each namespace's results, owners from a
 * configurable namespace label, the owner filter.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '@/lib/config';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { getNamespacePosture, namespaceOwners, ownedNamespaces, ownerLabelKey } from '@/lib/dashboard/namespaces';
import { evaluateSnapshot } from '@/lib/evaluation/evaluate';
import { scoreResults } from '@/lib/scoring';
import { seedClusterHistory, snapshotAt, type SeededHistory } from './seed';

let t: TestDatabase;
let prod: SeededHistory;

beforeAll(async () => {
  t = await createTestDatabase();
  prod = await seedClusterHistory(t.db, { name: 'prod-eu', scans: 2, days: 2, steps: [0, 1] });
}, 120_000);
afterAll(() => t?.drop());
afterEach(() => {
  delete process.env.RAMPART_NAMESPACE_OWNER_LABEL;
  resetConfigForTests();
});

describe('namespace posture', () => {
  it("stores each namespace's score as the scoring functions give it for that namespace's results", async () => {
    const posture = await getNamespacePosture(t.db, prod.clusterId);
    expect(posture.scanId).toBe(prod.scans.at(-1)!.id);
    expect(posture.namespaces.length).toBeGreaterThan(3);
    const evaluation = evaluateSnapshot(await snapshotAt(1), undefined, { clusterKey: prod.clusterId });
    for (const card of posture.namespaces) {
      const own = [
        ...evaluation.results.filter((r) => r.resource.namespace === card.name).map((r) => ({ checkId: r.checkId, section: r.section, severity: r.severity, status: r.status })),
        ...evaluation.passes.filter((p) => p.namespace === card.name),
      ];
      const want = scoreResults(own);
      expect({ score: card.score, grade: card.grade, open: card.open }, card.name).toEqual({ score: want.overall.score, grade: want.overall.grade, open: want.overall.open });
      for (const [section, cell] of Object.entries(card.sections)) expect(cell!.score, `${card.name} ${section}`).toBe(want.sections[section as keyof typeof want.sections].score);
    }
    // Worst first.
    for (let i = 1; i < posture.namespaces.length; i++) expect(posture.namespaces[i - 1].score).toBeLessThanOrEqual(posture.namespaces[i].score);
  });

  it('reads owners from the `team` label by default, and from the configured label', async () => {
    expect(ownerLabelKey()).toBe('team');
    const posture = await getNamespacePosture(t.db, prod.clusterId);
    expect(posture.namespaces.find((n) => n.name === 'payments')?.owner).toBe('payments');
    expect(await namespaceOwners(t.db, prod.clusterId)).toEqual(expect.arrayContaining(['payments', 'storefront']));
    expect(await ownedNamespaces(t.db, 'storefront', prod.clusterId)).toEqual([{ clusterId: prod.clusterId, namespace: 'shop-frontend' }]);
    const onlyPayments = await getNamespacePosture(t.db, prod.clusterId, { owner: 'payments' });
    expect(onlyPayments.namespaces.map((n) => n.name)).toEqual(['payments']);

    process.env.RAMPART_NAMESPACE_OWNER_LABEL = 'pci-scope';
    resetConfigForTests();
    const pci = await getNamespacePosture(t.db, prod.clusterId);
    expect(pci.ownerLabel).toBe('pci-scope');
    expect(pci.namespaces.find((n) => n.name === 'payments')?.owner).toBe('true');
    expect(pci.namespaces.find((n) => n.name === 'shop-frontend')?.owner).toBeNull();
  });

  it('replaces the namespace list at each scan, keeping every label', async () => {
    const rows = await t.db.clusterNamespace.findMany({ where: { clusterId: prod.clusterId } });
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'payments']));
    expect(rows.find((r) => r.name === 'payments')!.labels).toMatchObject({ team: 'payments', 'pci-scope': 'true' });
    expect(rows.every((r) => r.seenAt.getTime() === prod.scans.at(-1)!.finishedAt.getTime())).toBe(true);
  });
});
