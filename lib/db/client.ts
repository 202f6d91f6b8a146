/**
 * The one Prisma client of the process.
 *
 * - DATABASE_URL set: PostgreSQL through @prisma/adapter-pg (node-postgres pool).
 * - unset: embedded PostgreSQL (PGlite) persisted in `<dataDir>/pgdata`, in-process through
 *   PrismaPGlite. pg-boss must share that instance: `fromPglite(await getEmbeddedPglite())`.
 *
 * Pending migrations are applied once, before the client is handed out (ensureMigrated).
 * With PGlite there is a single connection: inside `db.$transaction(async (tx) => …)` use
 * only `tx`; calling the outer client there deadlocks.
 */
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from './pglite-extensions';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { getConfig } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import { runDataMigrations } from './data-migrations';
import { describeUrl, migratePglite, migratePostgres, type MigrateResult } from './migrate';
import { log } from '../log';

interface DbState {
  client?: Promise<PrismaClient>;
  pglite?: Promise<PGlite>;
  migrated?: Promise<MigrateResult>;
  releaseLock?: () => void;
}

// Cached on globalThis so Next.js dev-mode module reloads reuse one client and one PGlite.
const holder = globalThis as typeof globalThis & { __rampartDb?: DbState };
const state: DbState = (holder.__rampartDb ??= {});

/** Where the embedded database lives: `<RAMPART_DATA_DIR>/pgdata`. */
export function embeddedDataDir(): string {
  return path.join(getConfig().dataDir, 'pgdata');
}

/** Which database getDb() talks to, for logs and `rampart migrate` (never prints a password). */
export function describeDatabase(): string {
  const url = getConfig().DATABASE_URL;
  if (!url) return `embedded PostgreSQL (PGlite) at ${embeddedDataDir()}`;
  return `PostgreSQL ${describeUrl(url)}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is a single-process database: a second process opening the same directory corrupts
 * it. A lock file naming host and pid refuses that with a clear message; a lock left by a
 * process that is gone (or by another container) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  const me = `${os.hostname()} ${process.pid}`;
  if (existsSync(lockPath)) {
    const [host, pidText] = readFileSync(lockPath, 'utf8').trim().split(' ');
    const pid = Number(pidText);
    if (host === os.hostname() && pid !== process.pid && Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${pid}. Stop that Rampart process first, or set DATABASE_URL to use a PostgreSQL server shared by several processes.`,
      );
    }
  }
  writeFileSync(lockPath, me, { mode: 0o600 });
  const release = () => {
    try {
      if (readFileSync(lockPath, 'utf8') === me) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return () => {
    process.removeListener('exit', release);
    release();
  };
}

/**
 * The embedded PGlite instance (opened once per process). Throws when DATABASE_URL is set:
 * then there is no embedded database.
 */
export function getEmbeddedPglite(): Promise<PGlite> {
  if (getConfig().DATABASE_URL) {
    return Promise.reject(new Error('DATABASE_URL is set: Rampart uses PostgreSQL, not the embedded database.'));
  }
  state.pglite ??= (async () => {
    const dir = embeddedDataDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const release = lockDataDir(dir);
    try {
      const pglite = new PGlite(dir, { extensions: PGLITE_EXTENSIONS });
      await pglite.waitReady;
      state.releaseLock = release;
      return pglite;
    } catch (error) {
      release();
      throw new Error(`Cannot open the embedded database in ${dir}: ${(error as Error).message}`);
    }
  })();
  state.pglite.catch(() => {
    state.pglite = undefined;
  });
  return state.pglite;
}

/**
 * Applies pending migrations to the configured database, once per process (later calls
 * return the same result). Concurrency-safe across replicas on PostgreSQL.
 */
export function ensureMigrated(): Promise<MigrateResult> {
  state.migrated ??= (async () => {
    const url = getConfig().DATABASE_URL;
    return url ? migratePostgres(url) : migratePglite(await getEmbeddedPglite());
  })();
  state.migrated.catch(() => {
    state.migrated = undefined;
  });
  return state.migrated;
}

/** The process-wide Prisma client, migrated and ready. */
export function getDb(): Promise<PrismaClient> {
  state.client ??= (async () => {
    await ensureMigrated();
    const url = getConfig().DATABASE_URL;
    const client = url ? new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) : new PrismaClient({ adapter: new PrismaPGlite(await getEmbeddedPglite()) });
    // Data steps of migrations (lib/db/data-migrations.ts). A failure is reported and retried at the
    // next start; it does not keep Rampart from starting (pages mask manifests again as they show them).
    await runDataMigrations(client).then(
      (r) => {
        if (r.maskedManifests > 0) log('db').info({ maskedManifests: r.maskedManifests }, 'masked credential values in stored manifests');
      },
      (error: unknown) => log('db').error({ err: (error as Error).message }, 'data migration failed, will retry at the next start'),
    );
    return client;
  })();
  state.client.catch(() => {
    state.client = undefined;
  });
  return state.client;
}

/** Disconnects the client and closes the embedded database (tests, CLI commands, shutdown). */
export async function closeDb(): Promise<void> {
  const client = state.client;
  const pglite = state.pglite;
  state.client = undefined;
  state.pglite = undefined;
  state.migrated = undefined;
  if (client) await (await client.catch(() => undefined))?.$disconnect();
  if (pglite) {
    const instance = await pglite.catch(() => undefined);
    if (instance && !instance.closed) await instance.close();
  }
  state.releaseLock?.();
  state.releaseLock = undefined;
}
