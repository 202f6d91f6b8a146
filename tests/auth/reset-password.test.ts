/**
 * `rampart reset-password --email …` through the real CLI on a real database: the printed one-time
 * password signs in and must be changed, the user's sessions end, the operator is the audited actor,
 * and an unknown email is an error that changes nothing.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makeUser, setUpAuth, signIn, signInRequest, tearDownAuth, type AuthFixture } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let fixture: AuthFixture | undefined;
afterEach(async () => {
  await tearDownAuth(fixture);
  fixture = undefined;
});

async function resetPassword(url: string, email: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: url, RAMPART_AUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789', RAMPART_DATA_DIR: path.join(ROOT, 'tmp/reset-password') };
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rampart.mjs'), 'reset-password', '--email', email], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('rampart reset-password', () => {
  it('sets a one-time password that signs in, ends the sessions and audits the operator', async () => {
    fixture = await setUpAuth();
    const { db, url } = fixture.database;
    const user = await makeUser(fixture, 'admin');
    await signIn(fixture.auth, user.email, user.password);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

    const res = await resetPassword(url, user.email.toUpperCase());
    expect(res.code).toBe(0);
    const password = /one-time password:\s+(\S+)/.exec(res.stdout)?.[1];
    expect(password).toBeDefined();
    expect(res.stdout).toContain(`rampart reset-password --email ${user.email}`);

    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await signInRequest(fixture.auth, user.email, user.password)).status).toBe(401);
    const signedIn = await signInRequest(fixture.auth, user.email, password!);
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);

    const events = await db.auditEvent.findMany({ where: { action: 'user.password_reset', targetId: user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]!.actorEmail).toMatch(/^operator .+@.+ \(rampart reset-password\)$/);
    expect(JSON.stringify(events[0])).not.toContain(password!);
  }, 60_000);

  it('refuses an unknown email and changes nothing', async () => {
    fixture = await setUpAuth();
    const { db, url } = fixture.database;
    const res = await resetPassword(url, 'nobody@rampart.test');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('No user with the email nobody@rampart.test');
    expect(await db.auditEvent.count({ where: { action: 'user.password_reset' } })).toBe(0);
  }, 60_000);
});
