/**
 * Throwaway databases for integration tests, migrated and ready.
 *
 *   const t = await createTestDatabase();          // PostgreSQL (config TEST_DATABASE_URL)
 *   afterAll(() => t.drop());
 *   await t.db.cluster.create(…)
 *
 *   describe.each(TEST_DATABASE_KINDS)('%s', (kind) => { … await createTestDatabaseOfKind(kind) … })
 *
 * PostgreSQL: migrations are applied once into a template database named after a hash of
 * prisma/migrations (`rampart_tpl_<hash>`); every test database is a `CREATE DATABASE …
 * TEMPLATE` copy of it (~0.1 s instead of running every migration again). A schema change
 * gives a new hash, hence a new template. Embedded: a PGlite in a temporary directory, created
 * from a cached migrated data-directory dump (same hash) when there is one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from './pglite-extensions';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { getConfig } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import { migratePglite, migratePostgres } from './migrate';
import { loadMigrationList } from './migrations-dir';

export interface TestDatabase {
  /** Connection URL of the new database (PostgreSQL); `pglite://<dir>` for embedded ones. */
  url: string;
  db: PrismaClient;
  /** Disconnects and deletes the database. Safe to call twice. */
  drop(): Promise<void>;
}

export interface EmbeddedTestDatabase extends TestDatabase {
  pglite: PGlite;
  dataDir: string;
}

export const TEST_DATABASE_KINDS = ['postgres', 'embedded'] as const;
export type TestDatabaseKind = (typeof TEST_DATABASE_KINDS)[number];

/** For running one test body on both databases. */
export function createTestDatabaseOfKind(kind: TestDatabaseKind): Promise<TestDatabase> {
  return kind === 'postgres' ? createTestDatabase() : createEmbeddedTestDatabase();
}

/** Hash of every migration's name and SQL: names the template database / PGlite dump. */
export async function migrationsHash(): Promise<string> {
  const list = await loadMigrationList();
  const h = createHash('sha256');
  for (const dir of list.migrationDirectories) {
    h.update(dir.path);
    h.update('\0');
    h.update(dir.migrationFile.content.tag === 'ok' ? dir.migrationFile.content.value : '');
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries while PostgreSQL says the database is busy (connections still closing). */
async function retryBusy<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '55006' || attempt >= 50) throw error; // object_in_use
      await sleep(100);
    }
  }
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: getConfig().TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const res = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return (res.rowCount ?? 0) > 0;
}

const templatePromises = new Map<string, Promise<string>>();

/** The migrated template database for the current migrations, built once per server. */
function ensureTemplate(): Promise<string> {
  const base = getConfig().TEST_DATABASE_URL;
  const key = base;
  let promise = templatePromises.get(key);
  if (!promise) {
    promise = (async () => {
      const name = `rampart_tpl_${await migrationsHash()}`;
      await withAdmin(async (client) => {
        if (await databaseExists(client, name)) return;
        // Another test process may be building it: queue on a lock named after the template.
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
        try {
          if (await databaseExists(client, name)) return;
          const building = `${name}_b${randomBytes(4).toString('hex')}`;
          await client.query(`CREATE DATABASE ${quoteIdent(building)}`);
          try {
            await migratePostgres(withDatabase(base, building));
            await retryBusy(() => client.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`));
          } catch (error) {
            await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`).catch(() => {});
            throw error;
          }
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
        }
      });
      return name;
    })();
    promise.catch(() => templatePromises.delete(key));
    templatePromises.set(key, promise);
  }
  return promise;
}

/** `rampart_test_<host>_<pid>_<random>`: host and pid let later runs drop what crashed runs left. */
const TEST_DB_PREFIX = `rampart_test_${createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)}_`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let staleSweep: Promise<void> | undefined;

/** Once per process: drops test databases of this host whose process is gone (crashed runs). */
function dropStaleTestDatabases(): Promise<void> {
  staleSweep ??= withAdmin(async (client) => {
    const res = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [TEST_DB_PREFIX],
    );
    for (const { datname } of res.rows) {
      const pid = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => {});
    }
  }).catch(() => {});
  return staleSweep;
}

/**
 * A new, migrated, uniquely named database on the TEST_DATABASE_URL server and a Prisma client
 * bound to it. `drop()` disconnects and drops it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = getConfig().TEST_DATABASE_URL;
  const template = await ensureTemplate();
  await dropStaleTestDatabases();
  const name = `${TEST_DB_PREFIX}${process.pid}_${randomBytes(5).toString('hex')}`;
  await withAdmin((client) =>
    retryBusy(() => client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`)),
  );
  const url = withDatabase(base, name);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  let dropped: Promise<void> | undefined;
  return {
    url,
    db,
    drop() {
      dropped ??= (async () => {
        await db.$disconnect();
        await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      })();
      return dropped;
    },
  };
}

/** Migrated PGlite data directory, dumped once per migrations hash into the OS temp dir. */
async function migratedPgliteDump(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `rampart-pglite-${await migrationsHash()}.tar.gz`);
  if (existsSync(file)) return new Blob([await readFile(file)]);
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  try {
    await migratePglite(pglite);
    const dump = await pglite.dumpDataDir('gzip');
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, file); // atomic: concurrent builders just overwrite with equal content
    return dump;
  } finally {
    await pglite.close();
  }
}

/** A migrated embedded database (PGlite) in a new temporary directory; `drop()` closes and deletes it. */
export async function createEmbeddedTestDatabase(): Promise<EmbeddedTestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rampart-pglite-test-'));
  const pglite = new PGlite(dataDir, { loadDataDir: await migratedPgliteDump(), extensions: PGLITE_EXTENSIONS });
  await pglite.waitReady;
  // The dump is migrated already; this only confirms it (fast path, no engine).
  await migratePglite(pglite);
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let dropped: Promise<void> | undefined;
  return {
    url: `pglite://${dataDir}`,
    db,
    pglite,
    dataDir,
    drop() {
      dropped ??= (async () => {
        await db.$disconnect();
        if (!pglite.closed) await pglite.close();
        await rm(dataDir, { recursive: true, force: true });
      })();
      return dropped;
    },
  };
}

/** Every string stored anywhere in the JSON-shaped value, unescaped. */
function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
  else if (value !== null && value !== undefined) out.push(String(value));
}

/**
 * Every value of every row of every table in the database, as text: what a pg_dump would
 * contain, read through SQL so it works against any server version (the machine's pg_dump
 * refuses a newer server). Strings are returned raw, so a multi-line secret is found as it is.
 */
export async function dumpDatabaseAsText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ j: unknown }>(`SELECT row_to_json(x) AS j FROM "${table_name.replaceAll('"', '""')}" x`);
      for (const r of rows.rows) collectStrings(r.j, parts);
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
