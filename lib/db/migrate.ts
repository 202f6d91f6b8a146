/**
 * Applying migrations safely at start-up, on real PostgreSQL and on embedded PGlite.
 *
 * - PostgreSQL: a session-level advisory lock serialises replicas starting at once; a fast
 *   path reads `_prisma_migrations` and skips the WebAssembly engine when nothing is pending.
 * - PGlite: one process owns the data directory, so an in-process queue is enough.
 */
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { loadMigrationList, type SchemaEngineOptions } from './migrations-dir';
import type { MigrationStatus } from './schema-engine';

/** The WebAssembly engine is loaded only when a migration is pending or status is asked for. */
const engine = () => import('./schema-engine');

/** `pg_advisory_lock` key for "Rampart is migrating". Different from Prisma's own (72707369). */
export const MIGRATION_LOCK_KEY = 0x72616d70; // 'ramp'

/** host:port/database of a URL, never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export interface MigrateResult {
  /** Migrations applied by this call (empty when the database was up to date). */
  applied: string[];
}

async function localMigrationNames(options: SchemaEngineOptions): Promise<string[]> {
  const list = await loadMigrationList(options.migrationsDir);
  return list.migrationDirectories.map((d) => d.path);
}

interface Queryable {
  query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** True when every local migration is recorded as finished (and not rolled back). */
async function allApplied(db: Queryable, local: string[]): Promise<boolean> {
  try {
    const res = await db.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(res.rows.map((r) => String(r.migration_name)));
    return local.every((name) => applied.has(name));
  } catch {
    return false; // no _prisma_migrations table yet
  }
}

/**
 * Applies pending migrations to the PostgreSQL database at `url` (`migrate deploy`).
 * Safe to call from several processes at once: they queue on an advisory lock.
 */
export async function migratePostgres(url: string, options: SchemaEngineOptions = {}): Promise<MigrateResult> {
  const local = await localMigrationNames(options);
  const lockClient = new pg.Client({ connectionString: url });
  try {
    await lockClient.connect();
  } catch (error) {
    throw new Error(
      `Cannot connect to PostgreSQL at ${describeUrl(url)}: ${(error as Error).message}. Check DATABASE_URL and that the server is reachable.`,
    );
  }
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      if (await allApplied(lockClient, local)) return { applied: [] };
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      try {
        return await (await engine()).applyMigrations(new PrismaPg(pool), options);
      } finally {
        await pool.end();
      }
    } finally {
      await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await lockClient.end();
  }
}

const pgliteQueues = new WeakMap<PGlite, Promise<unknown>>();

/** Applies pending migrations to an open PGlite instance; calls on one instance run one at a time. */
export function migratePglite(pglite: PGlite, options: SchemaEngineOptions = {}): Promise<MigrateResult> {
  const previous = pgliteQueues.get(pglite) ?? Promise.resolve();
  const run = previous
    .catch(() => {})
    .then(async () => {
      const local = await localMigrationNames(options);
      if (await allApplied(pglite, local)) return { applied: [] };
      return (await engine()).applyMigrations(new PrismaPGlite(pglite), options);
    });
  pgliteQueues.set(pglite, run);
  return run;
}

/** `migrate status` of the PostgreSQL database at `url`. */
export async function postgresMigrationStatus(url: string, options: SchemaEngineOptions = {}): Promise<MigrationStatus> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await pool.query('SELECT 1').catch((error: Error) => {
      throw new Error(
        `Cannot connect to PostgreSQL at ${describeUrl(url)}: ${error.message}. Check DATABASE_URL and that the server is reachable.`,
      );
    });
    return await (await engine()).diagnoseMigrations(new PrismaPg(pool), options);
  } finally {
    await pool.end();
  }
}

/** `migrate status` of an open PGlite instance. */
export async function pgliteMigrationStatus(pglite: PGlite, options: SchemaEngineOptions = {}): Promise<MigrationStatus> {
  return (await engine()).diagnoseMigrations(new PrismaPGlite(pglite), options);
}
