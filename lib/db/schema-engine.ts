/**
 * Prisma's schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm), driven through
 * a driver adapter. No native binary is downloaded or run (STACK.md "Prisma 7 without native
 * engines"). It writes Prisma's standard `_prisma_migrations` table, so `prisma migrate deploy`
 * run elsewhere sees the same history.
 *
 * - applyMigrations(factory)        = `prisma migrate deploy`
 * - diagnoseMigrations(factory)     = `prisma migrate status`
 * - diffSchemaAgainstMigrations()   = `prisma migrate dev --create-only` / drift check: replays
 *                                     prisma/migrations into an in-memory PGlite shadow database
 *                                     and diffs it against prisma/schema.prisma.
 * - createMigrationFromSchema(name) writes prisma/migrations/<timestamp>_<name>/migration.sql.
 *
 * Server-only: reads files and loads WebAssembly.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from './pglite-extensions';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { HistoryDiagnostic, SchemaEngine as WasmSchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import {
  defaultMigrationsDir,
  defaultSchemaPath,
  LOCKFILE_CONTENT,
  LOCKFILE_NAME,
  loadMigrationList,
  type SchemaEngineOptions,
} from './migrations-dir';

export type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
export { defaultMigrationsDir, defaultSchemaPath, loadMigrationList, type SchemaEngineOptions } from './migrations-dir';

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

// ───────────────────────── loading the WebAssembly engine ─────────────────────────

interface WasmBindings {
  SchemaEngine: typeof WasmSchemaEngine;
}

let bindingsPromise: Promise<WasmBindings> | undefined;

/**
 * The package's entry imports the .wasm as an ES module, which Node does not load without a
 * flag; instantiate it from its bytes and hand the instance to the wasm-bindgen glue instead.
 */
function loadBindings(): Promise<WasmBindings> {
  bindingsPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@prisma/schema-engine-wasm');
    const dir = path.dirname(entry);
    const glue = (await import(
      /* webpackIgnore: true */ /* turbopackIgnore: true */ pathToHref(path.join(dir, 'schema_engine_bg.js'))
    )) as WasmBindings & {
      __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
    };
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  bindingsPromise.catch(() => {
    bindingsPromise = undefined;
  });
  return bindingsPromise;
}

function pathToHref(file: string): string {
  return new URL(`file://${file}`).href;
}

/** Turns the engine's rejection (an Error or a plain object) into an Error with its message. */
function engineError(action: string, error: unknown): Error {
  if (error instanceof Error) {
    error.message = `${action} failed: ${error.message}`;
    return error;
  }
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String((error as { message: unknown }).message)
      : JSON.stringify(error);
  return new Error(`${action} failed: ${message}`);
}

async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  options: SchemaEngineOptions,
  action: string,
  run: (engine: WasmSchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadBindings();
  const schemaPath = options.schemaPath ?? defaultSchemaPath();
  const schema = await readFile(schemaPath, 'utf8');
  const onLog = options.onLog ?? (() => {});
  let engine: WasmSchemaEngine;
  try {
    engine = await SchemaEngine.new(
      { datamodels: [[schemaPath, schema]] },
      (line: string) => onLog(line),
      bindMigrationAwareSqlAdapterFactory(adapterFactory),
    );
  } catch (error) {
    throw engineError(`${action}: starting the schema engine`, error);
  }
  try {
    return await run(engine);
  } catch (error) {
    throw engineError(action, error);
  } finally {
    engine.free();
  }
}

// ───────────────────────── public operations ─────────────────────────

/** `prisma migrate deploy`: applies every migration not yet in `_prisma_migrations`. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  options: SchemaEngineOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsList = await loadMigrationList(options.migrationsDir);
  return withEngine(adapterFactory, options, 'Applying migrations', async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return { applied: out.appliedMigrationNames };
  });
}

export interface MigrationStatus {
  /** Is `_prisma_migrations` present (false on a brand-new database)? */
  hasMigrationsTable: boolean;
  /** Migrations in prisma/migrations. */
  local: string[];
  /** In prisma/migrations but not applied to the database. */
  pending: string[];
  /** Applied to the database but missing from prisma/migrations (a newer Rampart ran here). */
  unknownApplied: string[];
  failed: string[];
  /** Applied, then edited on disk (checksum differs). */
  edited: string[];
  /** Everything applied, nothing failed, edited or unknown. */
  upToDate: boolean;
  history: HistoryDiagnostic | null;
}

/** `prisma migrate status`. */
export async function diagnoseMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  options: SchemaEngineOptions = {},
): Promise<MigrationStatus> {
  const migrationsList = await loadMigrationList(options.migrationsDir);
  const local = migrationsList.migrationDirectories.map((d) => d.path);
  return withEngine(adapterFactory, options, 'Reading migration status', async (engine) => {
    const out = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    });
    const history = out.history;
    let pending: string[] = [];
    let unknownApplied: string[] = [];
    if (history?.diagnostic === 'databaseIsBehind') pending = history.unappliedMigrationNames;
    else if (history?.diagnostic === 'migrationsDirectoryIsBehind') unknownApplied = history.unpersistedMigrationNames;
    else if (history?.diagnostic === 'historiesDiverge') {
      pending = history.unappliedMigrationNames;
      unknownApplied = history.unpersistedMigrationNames;
    }
    if (!out.hasMigrationsTable) pending = local;
    return {
      hasMigrationsTable: out.hasMigrationsTable,
      local,
      pending,
      unknownApplied,
      failed: out.failedMigrationNames,
      edited: out.editedMigrationNames,
      upToDate:
        pending.length === 0 &&
        unknownApplied.length === 0 &&
        out.failedMigrationNames.length === 0 &&
        out.editedMigrationNames.length === 0,
      history,
    };
  });
}

/**
 * An adapter factory over a fresh in-memory PGlite whose shadow databases are in-memory PGlite
 * instances too, closed when the engine disposes them.
 */
function inMemoryPgliteFactory(main: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaPGlite(main);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    connectToShadowDb: async (): Promise<SqlDriverAdapter> => {
      const shadow = new PGlite({ extensions: PGLITE_EXTENSIONS });
      const adapter = await new PrismaPGlite(shadow).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await shadow.close();
      };
      return adapter;
    },
  };
}

export interface SchemaDiff {
  /** SQL that takes a database at the end of prisma/migrations to schema.prisma; '' when none. */
  sql: string;
  /** True when schema.prisma and the migrations agree. */
  empty: boolean;
}

/**
 * Replays prisma/migrations into an in-memory PGlite shadow database and diffs the result
 * against schema.prisma. Empty means no drift; otherwise `sql` is the next migration.
 */
export async function diffSchemaAgainstMigrations(options: SchemaEngineOptions = {}): Promise<SchemaDiff> {
  const migrationsList = await loadMigrationList(options.migrationsDir);
  const schemaPath = options.schemaPath ?? defaultSchemaPath();
  const schema = await readFile(schemaPath, 'utf8');
  const main = new PGlite({ extensions: PGLITE_EXTENSIONS });
  try {
    return await withEngine(inMemoryPgliteFactory(main), options, 'Diffing schema against migrations', async (engine) => {
      const out = await engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      });
      const sql = out.stdout ?? '';
      const empty = out.exitCode === 0 || isEmptyMigrationScript(sql);
      return { sql: empty ? '' : sql, empty };
    });
  } finally {
    await main.close();
  }
}

function isEmptyMigrationScript(sql: string): boolean {
  return sql
    .split('\n')
    .map((l) => l.trim())
    .every((l) => l === '' || l.startsWith('--'));
}

/** `<yyyymmddhhmmss>_<name>` as Prisma names migration folders (UTC). */
export function migrationFolderName(name: string, now = new Date()): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error('Migration name must contain letters or digits, e.g. "add_cluster_owner".');
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${slug}`;
}

/**
 * `prisma migrate dev --create-only`: writes the diff between the migrations and schema.prisma
 * as a new migration folder. Returns null (and writes nothing) when there is nothing to do.
 */
export async function createMigrationFromSchema(
  name: string,
  options: SchemaEngineOptions = {},
): Promise<{ folder: string; file: string; sql: string } | null> {
  const migrationsDir = path.resolve(options.migrationsDir ?? defaultMigrationsDir());
  const folderName = migrationFolderName(name);
  const diff = await diffSchemaAgainstMigrations(options);
  if (diff.empty) return null;
  await mkdir(migrationsDir, { recursive: true });
  const lockPath = path.join(migrationsDir, LOCKFILE_NAME);
  if (!existsSync(lockPath)) await writeFile(lockPath, LOCKFILE_CONTENT);
  const folder = path.join(migrationsDir, folderName);
  await mkdir(folder);
  const file = path.join(folder, 'migration.sql');
  await writeFile(file, diff.sql);
  return { folder, file, sql: diff.sql };
}
