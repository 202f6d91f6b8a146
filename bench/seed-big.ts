/**
 * Creates (or replaces) a migrated database on the TEST_DATABASE_URL server and fills it with
 * bench/big-dataset.ts, for timing the dashboard's queries by hand. Not part of the test suite.
 *
 *   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/seed-big.ts rampart_big 5000000
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { getConfig } from '../lib/config';
import { migratePostgres } from '../lib/db/migrate';
import { PrismaClient } from '../lib/generated/prisma/client';
import { seedBigDataset } from './big-dataset';

async function main() {
  const [name = 'rampart_big', target = '5000000'] = process.argv.slice(2);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new pg.Client({ connectionString: getConfig().TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(getConfig().TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  await migratePostgres(url.toString());
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });
  const t0 = Date.now();
  const r = await seedBigDataset(db, Number(target), (line) => console.log(line));
  console.log(`${r.findings} findings (${r.exceptedFindings} excepted) in ${Math.round((Date.now() - t0) / 1000)} s: ${url}`);
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
