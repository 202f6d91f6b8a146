/**
 * `rampart migrate`: applies pending migrations to DATABASE_URL or the embedded database.
 * `rampart migrate --status`: lists applied / pending migrations; exits 1 when not up to date.
 */
import type { Command } from 'commander';
import { getConfig } from '../../lib/config';
import { closeDb, describeDatabase, getDb, getEmbeddedPglite } from '../../lib/db/client';
import { pendingDataMigrations } from '../../lib/db/data-migrations';
import {
  migratePglite,
  migratePostgres,
  pgliteMigrationStatus,
  postgresMigrationStatus,
} from '../../lib/db/migrate';
import type { MigrationStatus } from '../../lib/db/schema-engine';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (DATABASE_URL, or the embedded database under RAMPART_DATA_DIR).')
    .option('--status', 'show which migrations are applied and pending; change nothing')
    .action(async (opts: { status?: boolean }) => {
      try {
        process.exitCode = opts.status ? await printStatus() : await migrate();
      } catch (error) {
        console.error(`rampart migrate: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        await closeDb();
      }
    });
}

async function migrate(): Promise<number> {
  const url = getConfig().DATABASE_URL;
  console.log(`Database: ${describeDatabase()}`);
  const result = url ? await migratePostgres(url) : await migratePglite(await getEmbeddedPglite());
  if (result.applied.length === 0) {
    console.log('No pending migrations: the database is up to date.');
  } else {
    console.log(`Applied ${result.applied.length} migration${result.applied.length === 1 ? '' : 's'}:`);
    for (const name of result.applied) console.log(`  ${name}`);
  }
  // getDb() runs the data steps of the migrations (lib/db/data-migrations.ts); a step still pending afterwards failed.
  if (await pendingDataMigrations(await getDb())) {
    console.error('A data migration failed (see above); run rampart migrate again.');
    return 1;
  }
  return 0;
}

async function printStatus(): Promise<number> {
  const url = getConfig().DATABASE_URL;
  console.log(`Database: ${describeDatabase()}`);
  const status: MigrationStatus = url
    ? await postgresMigrationStatus(url)
    : await pgliteMigrationStatus(await getEmbeddedPglite());
  const pending = new Set(status.pending);
  console.log(`${status.local.length} migration${status.local.length === 1 ? '' : 's'} found in prisma/migrations:`);
  for (const name of status.local) console.log(`  ${pending.has(name) ? 'pending ' : 'applied '} ${name}`);
  for (const name of status.unknownApplied) console.log(`  unknown  ${name} (applied to the database, not in prisma/migrations: is a newer Rampart using this database?)`);
  for (const name of status.failed) console.log(`  FAILED   ${name}`);
  for (const name of status.edited) console.log(`  edited   ${name} (changed on disk after it was applied)`);
  if (status.upToDate) {
    console.log('Database schema is up to date.');
    return 0;
  }
  if (status.pending.length > 0) console.log(`${status.pending.length} pending: run \`rampart migrate\`.`);
  return 1;
}
