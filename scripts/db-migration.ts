/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * from the difference between prisma/migrations and prisma/schema.prisma (no native engine).
 * `npm run db:migration -- --check` exits 1 when they disagree (CI drift check).
 */
import { createMigrationFromSchema, diffSchemaAgainstMigrations } from '../lib/db/schema-engine';

const args = process.argv.slice(2);
if (args.includes('--check')) {
  const diff = await diffSchemaAgainstMigrations();
  if (diff.empty) {
    console.log('prisma/schema.prisma and prisma/migrations agree.');
  } else {
    console.error('prisma/schema.prisma differs from prisma/migrations. Run `npm run db:migration -- <name>`. Missing SQL:\n');
    console.error(diff.sql);
    process.exitCode = 1;
  }
} else {
  const name = args.find((a) => !a.startsWith('-'));
  if (!name) {
    console.error('Usage: npm run db:migration -- <name>   (e.g. add_cluster_owner)\n       npm run db:migration -- --check');
    process.exit(2);
  }
  const created = await createMigrationFromSchema(name);
  if (!created) {
    console.log('No changes: prisma/schema.prisma already matches prisma/migrations.');
  } else {
    console.log(`Wrote ${created.file}\n`);
    console.log(created.sql);
  }
}
