/** Loading a scan's RBAC model from PostgreSQL: newest scan with RBAC data, explicit scans, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../lib/db';
import { createTestDatabase, type TestDatabase } from '../../lib/db/test-utils';
import { RBAC_ARTIFACT_KIND, rbacArtifactFromSnapshot } from '../../lib/rbac/explorer';
import { listRbacScans, loadRbacModel, RbacDataError } from '../../lib/dashboard/rbac/load';
import { cr, crb, docs, snapshotOf } from './helpers';

let t: TestDatabase;
let clusterId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  clusterId = (await t.db.cluster.create({ data: { name: 'rbac-load', authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
});
afterAll(() => t?.drop());

async function scanWith(text: string | null, queuedAt: Date): Promise<string> {
  const scan = await t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'succeeded', queuedAt, finishedAt: queuedAt } });
  if (text !== null) {
    await t.db.scanArtifact.create({ data: { scanId: scan.id, kind: RBAC_ARTIFACT_KIND, data: rbacArtifactFromSnapshot(snapshotOf(text)) as unknown as Prisma.InputJsonValue } });
  }
  return scan.id;
}

describe('loadRbacModel', () => {
  it('explains that there is no RBAC data before the first scan', async () => {
    await expect(loadRbacModel(t.db, clusterId)).rejects.toMatchObject({ status: 404, message: expect.stringContaining('no scan with RBAC data') });
    await expect(loadRbacModel(t.db, 'nope')).rejects.toBeInstanceOf(RbacDataError);
  });

  it('loads the newest scan with RBAC data by default, or the scan asked for', async () => {
    const old = await scanWith(docs(cr('r', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]'), crb('b', 'r', '[{ kind: User, name: old }]')), new Date('2026-11-01'));
    const recent = await scanWith(docs(cr('r', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]'), crb('b', 'r', '[{ kind: User, name: new }]')), new Date('2026-11-02'));
    const without = await scanWith(null, new Date('2026-11-03'));
    const latest = await loadRbacModel(t.db, clusterId);
    expect(latest.scan.id).toBe(recent);
    expect(latest.model.analysis.subjectsByKey.has('User:new')).toBe(true);
    expect((await loadRbacModel(t.db, clusterId, old)).model.analysis.subjectsByKey.has('User:old')).toBe(true);
    expect((await listRbacScans(t.db, clusterId)).map((s) => s.id)).toEqual([recent, old]);
    await expect(loadRbacModel(t.db, clusterId, without)).rejects.toMatchObject({ status: 409 });
    const other = (await t.db.cluster.create({ data: { name: 'rbac-other', authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
    await expect(loadRbacModel(t.db, other, recent)).rejects.toMatchObject({ status: 404 });
  });
});
