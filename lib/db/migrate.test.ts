/**
 * Applying the migrations (= `prisma migrate deploy`) on the test PostgreSQL server (15 or 18) and on PGlite, from an
 * empty database, idempotently and concurrently; `migrate status`; getDb() on the embedded
 * database with data surviving a restart.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from './pglite-extensions';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig, resetConfigForTests } from '../config';
import { closeDb, embeddedDataDir, ensureMigrated, getDb, getEmbeddedPglite } from './client';
import { migratePglite, migratePostgres, pgliteMigrationStatus, postgresMigrationStatus } from './migrate';
import { loadMigrationList } from './schema-engine';

const adminUrl = getConfig().TEST_DATABASE_URL;
const localMigrations = (await loadMigrationList()).migrationDirectories.map((d) => d.path);
const expectedTables = ['users', 'clusters', 'scans', 'findings', 'finding_events', 'scan_section_aggregates', 'settings'];

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** An empty database (not from the migrated template). */
async function emptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rampart_migtest_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}) };
}

async function tablesOf(query: (sql: string) => Promise<{ rows: Array<Record<string, unknown>> }>): Promise<string[]> {
  const res = await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
  return res.rows.map((r) => String(r.table_name));
}

describe('migrations on PostgreSQL (the test server: 15 from the machine, 18 when embedded)', () => {
  it('applies every migration to an empty database, then nothing on the second run', async () => {
    const db = await emptyPostgresDatabase();
    try {
      const before = await postgresMigrationStatus(db.url);
      expect(before.upToDate).toBe(false);
      expect(before.pending).toEqual(localMigrations);

      expect((await migratePostgres(db.url)).applied).toEqual(localMigrations);
      expect((await migratePostgres(db.url)).applied).toEqual([]);

      const after = await postgresMigrationStatus(db.url);
      expect(after).toMatchObject({ upToDate: true, pending: [], failed: [], edited: [], hasMigrationsTable: true });

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const tables = await tablesOf((sql) => client.query(sql));
        expect(tables).toEqual(expect.arrayContaining([...expectedTables, '_prisma_migrations']));
        // Ordered by name (= timestamp): a table without ORDER BY has no row order to compare.
        const history = await client.query('SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name');
        expect(history.rows.map((r) => r.migration_name)).toEqual(localMigrations);
        expect(history.rows.every((r) => r.finished_at !== null)).toBe(true);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });

  it('lets several processes migrate one database at once: each migration applied exactly once', async () => {
    const db = await emptyPostgresDatabase();
    try {
      const results = await Promise.all([migratePostgres(db.url), migratePostgres(db.url), migratePostgres(db.url)]);
      expect(results.flatMap((r) => r.applied)).toEqual(localMigrations);
      expect((await postgresMigrationStatus(db.url)).upToDate).toBe(true);
    } finally {
      await db.drop();
    }
  });
});

describe('migrations on PGlite', () => {
  it('applies every migration to an empty database, idempotently, also when called concurrently', async () => {
    const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
    try {
      expect((await pgliteMigrationStatus(pglite)).pending).toEqual(localMigrations);
      const results = await Promise.all([migratePglite(pglite), migratePglite(pglite)]);
      expect(results.flatMap((r) => r.applied)).toEqual(localMigrations);
      expect((await migratePglite(pglite)).applied).toEqual([]);
      expect((await pgliteMigrationStatus(pglite)).upToDate).toBe(true);
      const tables = await tablesOf((sql) => pglite.query<Record<string, unknown>>(sql));
      expect(tables).toEqual(expect.arrayContaining([...expectedTables, '_prisma_migrations']));
    } finally {
      await pglite.close();
    }
  });
});

describe('getDb() on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rampart-getdb-'));
  const saved = { dir: process.env.RAMPART_DATA_DIR, url: process.env.DATABASE_URL };
  afterAll(async () => {
    await closeDb();
    if (saved.dir === undefined) delete process.env.RAMPART_DATA_DIR;
    else process.env.RAMPART_DATA_DIR = saved.dir;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    resetConfigForTests();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates <dataDir>/pgdata on first use, returns one client, and keeps data across restarts', async () => {
    process.env.RAMPART_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    resetConfigForTests();
    expect(embeddedDataDir()).toBe(path.join(dataDir, 'pgdata'));

    const [a, b] = await Promise.all([getDb(), getDb()]);
    expect(a).toBe(b);
    expect(await ensureMigrated()).toEqual({ applied: localMigrations });
    expect(existsSync(`${embeddedDataDir()}.lock`)).toBe(true);
    await a.setting.create({ data: { key: 'trusted-registries', value: ['registry.example.com/'] } });
    expect(await getEmbeddedPglite()).toBeInstanceOf(PGlite);

    await closeDb();
    expect(existsSync(`${embeddedDataDir()}.lock`)).toBe(false);

    const reopened = await getDb();
    expect(a).not.toBe(reopened);
    expect(await ensureMigrated()).toEqual({ applied: [] });
    expect((await reopened.setting.findUnique({ where: { key: 'trusted-registries' } }))?.value).toEqual([
      'registry.example.com/',
    ]);
  });
});
