/**
 * The data step of the mask-manifests migration on real PostgreSQL: manifests stored before
 * masking existed are masked and re-addressed, findings follow them, the step is idempotent and
 * only runs while the migration's marker says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK_MANIFESTS_MARKER, runDataMigrations } from './data-migrations';
import { resourceDocumentId } from './resource-document';
import { createTestDatabase, type TestDatabase } from './test-utils';

const SECRET = 'hunter2-Lq8Vx3Zp';
const MIGRATION = path.resolve(import.meta.dirname, '../../prisma/migrations/20261207080500_mask_stored_manifests/migration.sql');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

function deployment(name: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"password":"${SECRET}"}` } },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1', args: [`--password=${SECRET}`], env: [{ name: 'DB_PASSWORD', value: SECRET }] }] } } },
  };
}

describe('runDataMigrations: mask stored manifests', () => {
  it('masks every stored manifest, moves findings to the masked document, then does nothing more', async () => {
    const db = t.db;
    const cluster = await db.cluster.create({ data: { name: 'old', authType: 'token' } });
    const bodies = [deployment('a'), deployment('b')];
    const oldIds = bodies.map((b) => resourceDocumentId(cluster.id, b));
    await db.resourceDocument.createMany({ data: bodies.map((body, i) => ({ id: oldIds[i]!, clusterId: cluster.id, kind: 'Deployment', namespace: 'shop', name: body.metadata.name, body })) });
    const now = new Date();
    const finding = await db.finding.create({
      data: {
        clusterId: cluster.id, fingerprint: 'fp-a', checkId: 'hardcoded-secret-in-env', section: 'secrets', severity: 'high', resourceApiVersion: 'apps/v1',
        resourceKind: 'Deployment', resourceNamespace: 'shop', resourceName: 'a', message: 'm', manifestHash: oldIds[0], firstSeenAt: now, lastSeenAt: now,
      },
    });
    // The migration's SQL records the work only when manifests exist.
    await db.$executeRawUnsafe(readFileSync(MIGRATION, 'utf8'));
    expect(await db.setting.findUnique({ where: { key: MASK_MANIFESTS_MARKER } })).not.toBeNull();

    expect(await runDataMigrations(db)).toEqual({ maskedManifests: 2 });
    const docs = await db.resourceDocument.findMany();
    expect(docs).toHaveLength(2);
    expect(JSON.stringify(docs)).not.toContain(SECRET);
    expect(JSON.stringify(docs)).not.toContain('last-applied-configuration');
    for (const d of docs) expect(d.id).toBe(resourceDocumentId(cluster.id, d.body)); // addressed by the masked content
    expect(docs.some((d) => oldIds.includes(d.id))).toBe(false);
    const moved = await db.finding.findUniqueOrThrow({ where: { id: finding.id }, include: { manifest: true } });
    expect(moved.manifest?.name).toBe('a');
    expect(JSON.stringify(moved.manifest?.body)).toContain('●●●● (16 chars, literal)');
    expect(await db.setting.findUnique({ where: { key: MASK_MANIFESTS_MARKER } })).toBeNull();

    // Idempotent: without the marker nothing runs; with it again, nothing changes.
    expect(await runDataMigrations(db)).toEqual({ maskedManifests: 0 });
    await db.setting.create({ data: { key: MASK_MANIFESTS_MARKER, value: true } });
    expect(await runDataMigrations(db)).toEqual({ maskedManifests: 0 });
    expect((await db.resourceDocument.findMany()).map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
  });

  it('a fresh database gets no marker', async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.db.$executeRawUnsafe(readFileSync(MIGRATION, 'utf8'));
      expect(await fresh.db.setting.count()).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});
