/**
 * `rampart rotate-key` on the real PostgreSQL (and the embedded one): every stored blob moves to the new key in one
 * transaction, after which the old key opens nothing; a blob no configured key opens aborts
 * the rotation without changing anything.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecryptionError,
  blobKeyId,
  decryptSecret,
  encryptSecret,
  keyIdOf,
  type SecretKeys,
} from '@/lib/crypto/secret-box';
import { KeyRotationError, rotateStoredSecrets } from '@/lib/deploy/rotate-key';
import { TEST_DATABASE_KINDS, createTestDatabase, createTestDatabaseOfKind, type TestDatabase } from '@/lib/db/test-utils';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

function newKey(): { b64: string; key: Buffer } {
  const key = randomBytes(32);
  return { b64: key.toString('base64'), key };
}
const keysOf = (current: Buffer, previous?: Buffer): SecretKeys => ({
  current: { id: keyIdOf(current), key: current },
  ...(previous ? { previous: { id: keyIdOf(previous), key: previous } } : {}),
  source: 'test',
});

const CREDS = (n: number) => JSON.stringify({ authType: 'token', server: `https://api-${n}.example.com:6443`, token: `token-${n}` });

describe.each(TEST_DATABASE_KINDS)('rotateStoredSecrets (%s)', (kind) => {
  let t: TestDatabase;
  const oldKey = newKey();
  const nextKey = newKey();
  const OLD = keysOf(oldKey.key);
  const ROTATING = keysOf(nextKey.key, oldKey.key);
  const NEW_ONLY = keysOf(nextKey.key);

  beforeAll(async () => {
    t = await createTestDatabaseOfKind(kind);
    for (const n of [1, 2, 3]) {
      const blob = encryptSecret(CREDS(n), OLD);
      await t.db.cluster.create({ data: { name: `c${n}`, authType: 'token', credentials: blob, credentialsKeyId: blobKeyId(blob) } });
    }
    // Already on the new key (registered after the new key was rolled out).
    const fresh = encryptSecret(CREDS(4), NEW_ONLY);
    await t.db.cluster.create({ data: { name: 'c4', authType: 'token', credentials: fresh, credentialsKeyId: blobKeyId(fresh) } });
    // In-cluster: nothing stored.
    await t.db.cluster.create({ data: { name: 'here', authType: 'in_cluster' } });
    await t.db.webhook.create({ data: { name: 'slack', url: 'https://hooks.example.com/x', secret: encryptSecret('hmac-secret', OLD), events: ['scan.failed'] } });
    await t.db.webhook.create({ data: { name: 'nosecret', url: 'https://hooks.example.com/y', events: [] } });
  });
  afterAll(() => t?.drop());

  it('a dry run counts and changes nothing', async () => {
    const before = await t.db.cluster.findMany({ orderBy: { name: 'asc' } });
    const report = await rotateStoredSecrets(t.db, ROTATING, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.clusters).toEqual({ total: 4, reencrypted: 3, current: 1 });
    expect(report.webhooks).toEqual({ total: 1, reencrypted: 1, current: 0 });
    expect(await t.db.cluster.findMany({ orderBy: { name: 'asc' } })).toEqual(before);
  });

  it('a blob no configured key opens aborts the whole rotation', async () => {
    const stranger = encryptSecret(CREDS(9), keysOf(randomBytes(32)));
    // Sorted by id, "zz…" comes after the rows that would already have been rewritten.
    await t.db.cluster.create({ data: { id: 'zzzz-foreign', name: 'foreign', authType: 'token', credentials: stranger, credentialsKeyId: blobKeyId(stranger) } });
    try {
      const error = await rotateStoredSecrets(t.db, ROTATING).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyRotationError);
      expect((error as Error).message).toContain('cluster "foreign" (id zzzz-foreign)');
      expect((error as Error).message).not.toContain('token-9');
      const rows = await t.db.cluster.findMany({ where: { name: { in: ['c1', 'c2', 'c3'] } } });
      for (const row of rows) expect(blobKeyId(row.credentials!)).toBe(OLD.current.id); // rolled back
    } finally {
      await t.db.cluster.delete({ where: { id: 'zzzz-foreign' } });
    }
  });

  it('re-encrypts every stored secret with the new key; the old key then opens nothing', async () => {
    const updatedBefore = new Map((await t.db.cluster.findMany()).map((c) => [c.id, c.updatedAt.getTime()]));
    const report = await rotateStoredSecrets(t.db, ROTATING);
    expect(report).toMatchObject({
      keyId: NEW_ONLY.current.id,
      previousKeyId: OLD.current.id,
      dryRun: false,
      clusters: { total: 4, reencrypted: 3, current: 1 },
      webhooks: { total: 1, reencrypted: 1, current: 0 },
    });

    const clusters = await t.db.cluster.findMany({ where: { credentials: { not: null } }, orderBy: { name: 'asc' } });
    expect(clusters).toHaveLength(4);
    for (const [i, c] of clusters.entries()) {
      expect(c.credentialsKeyId).toBe(NEW_ONLY.current.id);
      expect(blobKeyId(c.credentials!)).toBe(NEW_ONLY.current.id);
      // Opens with the new key alone (RAMPART_SECRET_KEY_PREVIOUS removed) ...
      expect(decryptSecret(c.credentials!, NEW_ONLY)).toBe(CREDS(i + 1));
      // ... and not with the old one.
      expect(() => decryptSecret(c.credentials!, OLD)).toThrow(DecryptionError);
      expect(c.updatedAt.getTime()).toBe(updatedBefore.get(c.id));
    }
    const hook = await t.db.webhook.findFirstOrThrow({ where: { name: 'slack' } });
    expect(decryptSecret(hook.secret!, NEW_ONLY)).toBe('hmac-secret');
    expect(() => decryptSecret(hook.secret!, OLD)).toThrow(DecryptionError);
    expect((await t.db.cluster.findFirstOrThrow({ where: { name: 'here' } })).credentials).toBeNull();

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'secret_key.rotated' } });
    expect(audit.targetId).toBe(NEW_ONLY.current.id);
    expect(JSON.stringify(audit.details)).not.toContain(nextKey.b64);

    // Running it again finds nothing to do.
    const again = await rotateStoredSecrets(t.db, NEW_ONLY);
    expect(again.clusters).toEqual({ total: 4, reencrypted: 0, current: 4 });
    expect(again.webhooks).toEqual({ total: 1, reencrypted: 0, current: 1 });
  });
});

describe('rampart rotate-key (CLI)', () => {
  let t: TestDatabase;
  const oldKey = newKey();
  const nextKey = newKey();
  beforeAll(async () => {
    t = await createTestDatabase();
    const blob = encryptSecret(CREDS(1), keysOf(oldKey.key));
    await t.db.cluster.create({ data: { name: 'prod', authType: 'token', credentials: blob, credentialsKeyId: blobKeyId(blob) } });
  });
  afterAll(() => t?.drop());

  const cli = async (env: Record<string, string>) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rampart.mjs'), 'rotate-key'], {
        cwd: ROOT,
        env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  };

  it('without the previous key it fails, names the cluster and changes nothing', async () => {
    const res = await cli({ RAMPART_SECRET_KEY: nextKey.b64 });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('cluster "prod"');
    expect(res.stderr).toContain('RAMPART_SECRET_KEY_PREVIOUS');
    const row = await t.db.cluster.findFirstOrThrow({ where: { name: 'prod' } });
    expect(blobKeyId(row.credentials!)).toBe(keyIdOf(oldKey.key));
  });

  it('with new + previous keys it re-encrypts and prints the counts', async () => {
    const res = await cli({ RAMPART_SECRET_KEY: nextKey.b64, RAMPART_SECRET_KEY_PREVIOUS: oldKey.b64 });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('cluster credentials: 1 stored, 1 re-encrypted, 0 already on the current key');
    expect(res.stdout).toContain('webhook secrets: 0 stored');
    expect(res.stdout).not.toContain(nextKey.b64);
    const row = await t.db.cluster.findFirstOrThrow({ where: { name: 'prod' } });
    expect(() => decryptSecret(row.credentials!, keysOf(oldKey.key))).toThrow(DecryptionError);
    expect(decryptSecret(row.credentials!, keysOf(nextKey.key))).toBe(CREDS(1));
  });
});
