/**
 * `rampart rotate-key [--dry-run]`: re-encrypts every stored credential (cluster credentials,
 * webhook signing secrets) with RAMPART_SECRET_KEY, reading blobs sealed with
 * RAMPART_SECRET_KEY_PREVIOUS. One transaction: all or nothing. Prints the counts.
 *
 * Order (docs/DEPLOYMENT.md "Rotating the secret key"): give every Rampart process the new key
 * as RAMPART_SECRET_KEY and the old one as RAMPART_SECRET_KEY_PREVIOUS, run this, then remove
 * RAMPART_SECRET_KEY_PREVIOUS.
 */
import type { Command } from 'commander';
import { getConfig } from '../../lib/config';
import { loadSecretKeys } from '../../lib/crypto/secret-box';
import { closeDb, describeDatabase, getDb } from '../../lib/db/client';
import { rotateStoredSecrets, type RotationCounts, type RotationReport } from '../../lib/deploy/rotate-key';

function describeCounts(what: string, c: RotationCounts, dryRun: boolean): string {
  return `  ${what}: ${c.total} stored, ${c.reencrypted} ${dryRun ? 'to re-encrypt' : 're-encrypted'}, ${c.current} already on the current key`;
}

export function formatRotationReport(report: RotationReport): string {
  const lines = [
    `Current key: ${report.keyId}${report.previousKeyId ? ` (previous key: ${report.previousKeyId})` : ' (no RAMPART_SECRET_KEY_PREVIOUS set)'}`,
    report.dryRun ? 'Dry run: nothing was changed.' : 'Re-encrypted in one transaction:',
    describeCounts('cluster credentials', report.clusters, report.dryRun),
    describeCounts('webhook secrets', report.webhooks, report.dryRun),
  ];
  if (!report.dryRun) {
    lines.push(
      report.previousKeyId
        ? 'Every stored secret is now sealed with the current key. Remove RAMPART_SECRET_KEY_PREVIOUS from every Rampart process; the old key then opens nothing.'
        : 'Every stored secret is sealed with the current key.',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('rotate-key')
    .description(
      'Re-encrypt every stored credential with RAMPART_SECRET_KEY (the new key), reading old ones with RAMPART_SECRET_KEY_PREVIOUS. All or nothing.',
    )
    .option('--dry-run', 'count what would be re-encrypted; change nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      try {
        const config = getConfig();
        const keys = loadSecretKeys(config);
        if (keys.previous && keys.previous.id === keys.current.id) {
          throw new Error('RAMPART_SECRET_KEY_PREVIOUS is the same key as RAMPART_SECRET_KEY: set RAMPART_SECRET_KEY to the NEW key and RAMPART_SECRET_KEY_PREVIOUS to the old one.');
        }
        console.log(`Database: ${describeDatabase()}`);
        const db = await getDb();
        const report = await rotateStoredSecrets(db, keys, { dryRun: opts.dryRun === true });
        process.stdout.write(formatRotationReport(report));
        process.exitCode = 0;
      } catch (error) {
        console.error(`rampart rotate-key: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        await closeDb().catch(() => undefined);
      }
    });
}
