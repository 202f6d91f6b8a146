/**
 * Fills a database for looking at the dashboard (screenshots, manual checks):
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rampart_dash RAMPART_ADMIN_EMAIL=… RAMPART_ADMIN_PASSWORD=… \
 *     npx tsx tests/dashboard/seed-cli.ts
 *
 * Migrates, creates the first admin from RAMPART_ADMIN_EMAIL / RAMPART_ADMIN_PASSWORD, and seeds
 * three clusters with scan history through the real pipeline (tests/dashboard/seed.ts).
 */
import { getAuth } from '@/lib/auth/auth';
import { ensureInitialAdmin } from '@/lib/auth/bootstrap';
import { closeDb, getDb } from '@/lib/db';
import { seedClusterHistory } from './seed';

async function main() {
  const db = await getDb();
  await ensureInitialAdmin(db, await getAuth());
  if ((await db.cluster.count()) === 0) {
    await seedClusterHistory(db, { name: 'prod-eu-west', environment: 'production', labels: { team: 'payments', region: 'eu-west-1' }, scans: 12, days: 90 });
    await seedClusterHistory(db, { name: 'staging', environment: 'staging', labels: { team: 'platform' }, scans: 6, days: 30 });
    // Got worse this week: php-admin broken again and debug tools deployed.
    await seedClusterHistory(db, { name: 'dev-sandbox', environment: 'development', steps: [1, 2, 4], days: 10 });
  }
  console.log(`seeded: ${await db.cluster.count()} clusters, ${await db.finding.count()} findings`);
  await closeDb();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
