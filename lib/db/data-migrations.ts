/**
 * Data steps that SQL cannot express, run after the schema migrations by `rampart migrate` and at
 * every start-up (getDb). Each step is named by a marker row in `settings` that its SQL migration
 * inserts; the step does its work, idempotently, and removes the marker. Without a marker the cost
 * is one primary-key lookup.
 *
 * mask-manifests (migration 20261207080500_mask_stored_manifests): manifests stored before masking
 * existed are masked with the same function scans use (lib/k8s/mask.ts) and re-addressed by their
 * masked content (the old address was a hash of the unmasked manifest); findings follow their
 * document. Batches of BATCH documents, each in its own transaction; replicas running it at once
 * only repeat work.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { maskManifest } from '../k8s/mask';
import { makeStorable } from '../k8s/storable-text';
import { canonicalJson, resourceDocumentId } from './resource-document';

export const MASK_MANIFESTS_MARKER = 'data-migration:mask-manifests';
const BATCH = 500;

export interface DataMigrationResult {
  /** Stored manifests whose content changed when masked. */
  maskedManifests: number;
}

/** True while a data step's marker is still there (it has not run, or it failed). */
export async function pendingDataMigrations(db: PrismaClient): Promise<boolean> {
  return (await db.setting.count({ where: { key: MASK_MANIFESTS_MARKER } })) > 0;
}

export async function runDataMigrations(db: PrismaClient): Promise<DataMigrationResult> {
  const marker = await db.setting.findUnique({ where: { key: MASK_MANIFESTS_MARKER }, select: { key: true } });
  if (!marker) return { maskedManifests: 0 };
  const maskedManifests = await maskStoredManifests(db);
  await db.setting.deleteMany({ where: { key: MASK_MANIFESTS_MARKER } });
  return { maskedManifests };
}

async function maskStoredManifests(db: PrismaClient): Promise<number> {
  let changed = 0;
  let after = '';
  for (;;) {
    const docs = await db.resourceDocument.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: BATCH });
    if (docs.length === 0) return changed;
    after = docs[docs.length - 1]!.id;
    const moves = docs.flatMap((d) => {
      const body = makeStorable(maskManifest(d.body)) as object;
      const id = resourceDocumentId(d.clusterId, body);
      return id === d.id && canonicalJson(body) === canonicalJson(d.body) ? [] : [{ old: d, id, body }];
    });
    if (moves.length === 0) continue;
    changed += moves.length;
    await db.$transaction(
      async (tx) => {
        await tx.resourceDocument.createMany({
          data: moves.filter((m) => m.id !== m.old.id).map((m) => ({ id: m.id, clusterId: m.old.clusterId, kind: m.old.kind, namespace: m.old.namespace, name: m.old.name, body: m.body, createdAt: m.old.createdAt })),
          skipDuplicates: true,
        });
        for (const m of moves) {
          if (m.id === m.old.id) {
            await tx.resourceDocument.update({ where: { id: m.id }, data: { body: m.body } });
            continue;
          }
          await tx.finding.updateMany({ where: { manifestHash: m.old.id }, data: { manifestHash: m.id } });
          await tx.resourceDocument.deleteMany({ where: { id: m.old.id } });
        }
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
}
