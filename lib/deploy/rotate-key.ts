/**
 * Re-encrypts every stored secret with the current key (`rampart rotate-key`).
 *
 * Rotation, as an operator runs it (docs/DEPLOYMENT.md "Rotating the secret key"):
 *   1. RAMPART_SECRET_KEY = the new key, RAMPART_SECRET_KEY_PREVIOUS = the old one, everywhere;
 *   2. `rampart rotate-key` re-seals every blob sealed with another key;
 *   3. RAMPART_SECRET_KEY_PREVIOUS is removed: from then on the old key opens nothing.
 *
 * Columns holding lib/crypto/secret-box blobs: clusters.credentials (+ credentials_key_id) and
 * webhooks.secret. All rows are locked (SELECT … FOR UPDATE) and rewritten in ONE transaction:
 * either every blob moves to the new key or none does — a blob that neither key opens aborts
 * the whole rotation and names the row (never its content). Rows are updated with plain SQL so
 * `updated_at` (what users see as "last edited") does not change.
 */
import type { PrismaClient, Prisma } from '../generated/prisma/client';
import { recordAudit } from '../auth/audit';
import { DecryptionError, blobKeyId, decryptSecret, encryptSecret, type SecretKeys } from '../crypto/secret-box';

export interface RotationCounts {
  /** Rows holding a blob. */
  total: number;
  /** Re-sealed with the current key (or would be, in a dry run). */
  reencrypted: number;
  /** Already sealed with the current key: left as they are. */
  current: number;
}

export interface RotationReport {
  keyId: string;
  previousKeyId?: string;
  dryRun: boolean;
  clusters: RotationCounts;
  webhooks: RotationCounts;
}

export class KeyRotationError extends Error {
  override name = 'KeyRotationError';
}

interface BlobRow {
  id: string;
  name: string;
  blob: string;
}

type Tx = Prisma.TransactionClient;

/** One secret-box column: how to lock and read its rows and how to write one back. */
interface BlobColumn {
  label: 'cluster' | 'webhook';
  lockRows(tx: Tx): Promise<BlobRow[]>;
  write(tx: Tx, id: string, blob: string, keyId: string): Promise<unknown>;
}

const COLUMNS: readonly BlobColumn[] = [
  {
    label: 'cluster',
    lockRows: (tx) =>
      tx.$queryRaw<BlobRow[]>`SELECT id, name, credentials AS blob FROM clusters WHERE credentials IS NOT NULL ORDER BY id FOR UPDATE`,
    write: (tx, id, blob, keyId) =>
      tx.$executeRaw`UPDATE clusters SET credentials = ${blob}, credentials_key_id = ${keyId} WHERE id = ${id}`,
  },
  {
    label: 'webhook',
    lockRows: (tx) => tx.$queryRaw<BlobRow[]>`SELECT id, name, secret AS blob FROM webhooks WHERE secret IS NOT NULL ORDER BY id FOR UPDATE`,
    write: (tx, id, blob) => tx.$executeRaw`UPDATE webhooks SET secret = ${blob} WHERE id = ${id}`,
  },
];

async function rotateColumn(tx: Tx, column: BlobColumn, keys: SecretKeys, dryRun: boolean): Promise<RotationCounts> {
  const rows = await column.lockRows(tx);
  const counts: RotationCounts = { total: rows.length, reencrypted: 0, current: 0 };
  for (const row of rows) {
    let plaintext: string;
    try {
      // Decrypt even blobs that claim the current key: a corrupted one must stop the rotation
      // now, not surface at the next scan.
      plaintext = decryptSecret(row.blob, keys);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      throw new KeyRotationError(
        `The stored secret of ${column.label} "${row.name}" (id ${row.id}) cannot be decrypted: ${error.message} Nothing was changed.`,
      );
    }
    if (blobKeyId(row.blob) === keys.current.id) {
      counts.current++;
      if (column.label === 'cluster' && !dryRun) {
        // Keep the key-id column truthful even if it was never set.
        await tx.$executeRaw`UPDATE clusters SET credentials_key_id = ${keys.current.id} WHERE id = ${row.id} AND credentials_key_id IS DISTINCT FROM ${keys.current.id}`;
      }
      continue;
    }
    const sealed = encryptSecret(plaintext, keys);
    if (!dryRun) await column.write(tx, row.id, sealed, blobKeyId(sealed));
    counts.reencrypted++;
  }
  return counts;
}

/**
 * Re-seals every stored secret with `keys.current`, in one transaction. Throws
 * KeyRotationError (and changes nothing) when a blob cannot be decrypted with the current or
 * the previous key.
 */
export async function rotateStoredSecrets(
  db: PrismaClient,
  keys: SecretKeys,
  options: { dryRun?: boolean; timeoutMs?: number } = {},
): Promise<RotationReport> {
  const dryRun = options.dryRun ?? false;
  return db.$transaction(
    async (tx) => {
      const clusters = await rotateColumn(tx, COLUMNS[0]!, keys, dryRun);
      const webhooks = await rotateColumn(tx, COLUMNS[1]!, keys, dryRun);
      const report: RotationReport = {
        keyId: keys.current.id,
        ...(keys.previous ? { previousKeyId: keys.previous.id } : {}),
        dryRun,
        clusters,
        webhooks,
      };
      if (!dryRun && clusters.reencrypted + webhooks.reencrypted > 0) {
        await recordAudit(tx, {
          action: 'secret_key.rotated',
          targetType: 'secret_key',
          targetId: keys.current.id,
          details: { keyId: keys.current.id, previousKeyId: keys.previous?.id ?? null, clusters, webhooks },
        });
      }
      return report;
    },
    { maxWait: 30_000, timeout: options.timeoutMs ?? 10 * 60_000 },
  );
}
