/**
 * `rampart reset-password --email <email>`: a new one-time password for a user, for the operator
 * of the server (shell access to it and its database). The user must change it at the next
 * sign-in; their sessions end; the audit trail names the operator.
 */
import type { Command } from 'commander';
import { createAuth } from '../../lib/auth/auth';
import { signInBox } from '../../lib/auth/bootstrap';
import { resetPasswordAsOperator } from '../../lib/auth/operator-reset';
import { getConfig } from '../../lib/config';
import { closeDb, getDb } from '../../lib/db/client';

export function register(program: Command): void {
  program
    .command('reset-password')
    .description('Give a user a new one-time password (they choose a new one at the next sign-in). For the server\'s operator.')
    .requiredOption('--email <email>', 'the user\'s email')
    .action(async (opts: { email: string }) => {
      try {
        const config = getConfig();
        const db = await getDb();
        const { email, password } = await resetPasswordAsOperator(db, createAuth(db, config), opts.email);
        process.stdout.write(signInBox({ title: `New one-time password for ${email}; their sessions were ended.`, email, password, url: config.RAMPART_BASE_URL, note: 'Sign in and choose a new password.' }));
      } catch (error) {
        console.error(`rampart reset-password: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        await closeDb().catch(() => undefined);
      }
    });
}
