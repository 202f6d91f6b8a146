/**
 * E-mail notifications against a real SMTP server on loopback (smtp-server, random port), each
 * delivered message read back with mailparser: the weekly digest (who gets it, both parts, what
 * it lists, its counts equal the SLA numbers, once per run, no finding message text), immediate
 * alerts by each user's severity threshold, SMTP login without the password leaking, STARTTLS
 * required by default, and the digest sent by the worker from a pg-boss job.
 */
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '@/e2e/support/smtp-sink';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { createBoss } from '@/lib/jobs';
import { startNotificationWorker, type NotificationWorker } from '@/lib/jobs/notifications';
import { FLEET_SCOPE } from '@/lib/notifications/email/audiences';
import { buildDigest } from '@/lib/notifications/email/digest';
import { setNotificationPreferences } from '@/lib/notifications/email/preferences';
import { sendDigests, sendScanAlerts } from '@/lib/notifications/email/send';
import { closeEmailTransport, EmailError, sendEmail } from '@/lib/notifications/email/transport';
import { queueDigestNow } from '@/lib/jobs/email';
import { getSlaCompliance } from '@/lib/sla/compliance';
import type { Severity } from '@/lib/vocabulary';
import { waitFor } from '../scans/helpers';
import { firstSeenDaysAgo, privilegedResult, scannedCluster } from '../helpers/findings';

const SECRETISH = 'hunter2-must-not-be-mailed';
const ENV_KEYS = ['DATABASE_URL', 'RAMPART_BASE_URL', 'RAMPART_SMTP_HOST', 'RAMPART_SMTP_PORT', 'RAMPART_SMTP_SECURITY', 'RAMPART_SMTP_USER', 'RAMPART_SMTP_PASSWORD', 'RAMPART_SMTP_FROM'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let t: TestDatabase;
let sink: SmtpSink;
let clusterId = '';
let scanId = '';
const users: Record<'alice' | 'bob' | 'carol' | 'dave', { id: string; email: string }> = {} as never;

function useSmtp(env: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>) {
  for (const k of ['RAMPART_SMTP_HOST', 'RAMPART_SMTP_PORT', 'RAMPART_SMTP_SECURITY', 'RAMPART_SMTP_USER', 'RAMPART_SMTP_PASSWORD'] as const) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
  resetConfigForTests();
  closeEmailTransport();
}

const result = (name: string, severity: Severity) => privilegedResult(name, severity, 'mail-', { message: `${name} is privileged (${SECRETISH})` });

beforeAll(async () => {
  t = await createTestDatabase();
  sink = await startSmtpSink();
  process.env.DATABASE_URL = t.url;
  process.env.RAMPART_BASE_URL = 'https://rampart.example.com';
  process.env.RAMPART_SMTP_FROM = 'Rampart <rampart@example.com>';
  useSmtp({ RAMPART_SMTP_HOST: '127.0.0.1', RAMPART_SMTP_PORT: String(sink.port), RAMPART_SMTP_SECURITY: 'none' });
  for (const name of ['alice', 'bob', 'carol', 'dave'] as const) {
    const u = await t.db.user.create({ data: { name, email: `${name}@example.com`, role: 'analyst' } });
    users[name] = { id: u.id, email: u.email };
  }
  await setNotificationPreferences(t.db, users.bob.id, { digest: false, alertMinSeverity: null }, { actor: null });
  await setNotificationPreferences(t.db, users.carol.id, { optOut: true }, { actor: null });
  await setNotificationPreferences(t.db, users.dave.id, { alertMinSeverity: 'high' }, { actor: null });
  const results = [result('crit-old', 'critical'), result('crit-new', 'critical'), result('high-one', 'high'), result('low-one', 'low')];
  ({ clusterId, scanId } = await scannedCluster(t.db, 'mail-demo', results));
  await firstSeenDaysAgo(t.db, clusterId, ['crit-old'], 10);
  await firstSeenDaysAgo(t.db, clusterId, ['crit-new'], 2);
}, 60_000);

afterAll(async () => {
  closeEmailTransport();
  await sink?.close();
  await closeDb();
  await t?.drop();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetConfigForTests();
});

beforeEach(() => {
  sink.messages.length = 0;
  useSmtp({ RAMPART_SMTP_HOST: '127.0.0.1', RAMPART_SMTP_PORT: String(sink.port), RAMPART_SMTP_SECURITY: 'none' });
});

describe('weekly digest', () => {
  it('goes to everyone who wants it, in text and HTML, listing the overdue finding; counts equal the SLA module; once per run', async () => {
    const everyone = await t.db.user.findMany({ select: { email: true } });
    const expected = everyone.map((u) => u.email).filter((e) => e !== users.bob.email && e !== users.carol.email).sort();
    const sent = await sendDigests(t.db, 'run-1');
    expect(sent).toBe(expected.length);
    expect(sink.messages.flatMap((m) => m.envelopeTo).sort()).toEqual(expected);

    const digest = await buildDigest(t.db, FLEET_SCOPE);
    const sla = await getSlaCompliance(t.db, null);
    expect(digest.overdue.count).toBe(sla.fleet.overdueTotal);
    expect(digest.dueSoon.count).toBe(sla.fleet.dueSoonTotal);
    expect(digest.overdue.count).toBe(1);

    const { mail } = sink.messages.find((m) => m.envelopeTo.includes(users.alice.email))!;
    expect(mail.subject).toBe('[Rampart] Weekly digest for All clusters: 1 overdue finding, 3 new');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Rampart', address: 'rampart@example.com' });
    const overdueId = (await t.db.finding.findFirstOrThrow({ where: { resourceName: 'crit-old' } })).id;
    for (const part of [mail.text!, mail.html as string]) {
      expect(part).toContain('Overdue findings: 1');
      expect(part).toContain('Deployment shop/crit-old (mail-demo)');
      expect(part).toContain(`https://rampart.example.com/findings/${overdueId}`);
      // Metadata only: never a finding's message (which could quote what a check saw).
      expect(part).not.toContain(SECRETISH);
    }
    expect(mail.html).toContain('<h2');

    expect(await sendDigests(t.db, 'run-1')).toBe(0);
    expect(sink.messages).toHaveLength(expected.length);
  });
});

describe('immediate alerts', () => {
  it('each user gets the findings at or above their threshold; no alerts or opt-out means none', async () => {
    await t.db.scan.update({ where: { id: scanId }, data: { status: 'succeeded' } });
    await sendScanAlerts(t.db, scanId);
    const to = (email: string) => sink.messages.find((m) => m.envelopeTo.includes(email))?.mail;
    expect(to(users.bob.email)).toBeUndefined();
    expect(to(users.carol.email)).toBeUndefined();
    const alice = to(users.alice.email)!;
    expect(alice.subject).toBe('[Rampart] 2 new findings at critical or above on mail-demo');
    expect(alice.text).toContain('crit-old');
    expect(alice.text).not.toContain('high-one');
    const dave = to(users.dave.email)!;
    expect(dave.subject).toBe('[Rampart] 3 new findings at high or above on mail-demo');
    expect(dave.html).toContain('high-one');
    const before = sink.messages.length;
    await sendScanAlerts(t.db, scanId);
    expect(sink.messages).toHaveLength(before);
  });
});

describe('SMTP connection', () => {
  it('logs in with the configured user; a wrong password fails without the password in the error', async () => {
    const secure = await startSmtpSink({ auth: { user: 'rampart', password: 'smtp-pass-correct-1' } });
    try {
      useSmtp({ RAMPART_SMTP_HOST: '127.0.0.1', RAMPART_SMTP_PORT: String(secure.port), RAMPART_SMTP_SECURITY: 'none', RAMPART_SMTP_USER: 'rampart', RAMPART_SMTP_PASSWORD: 'smtp-pass-correct-1' });
      await sendEmail({ to: 'x@example.com', subject: 'hello', text: 'hello', html: '<p>hello</p>' });
      expect(secure.messages).toHaveLength(1);
      expect(secure.logins).toEqual([{ user: 'rampart', ok: true }]);

      useSmtp({ RAMPART_SMTP_HOST: '127.0.0.1', RAMPART_SMTP_PORT: String(secure.port), RAMPART_SMTP_SECURITY: 'none', RAMPART_SMTP_USER: 'rampart', RAMPART_SMTP_PASSWORD: 'smtp-pass-wrong-2' });
      const err = await sendEmail({ to: 'x@example.com', subject: 'hello', text: 'hello', html: '<p>hello</p>' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmailError);
      expect((err as Error).message).not.toContain('smtp-pass-wrong-2');
      expect((err as Error).message).toMatch(/SMTP/);
      expect(secure.messages).toHaveLength(1);
    } finally {
      await secure.close();
    }
  });

  it('requires STARTTLS by default: a server that does not offer it gets nothing', async () => {
    useSmtp({ RAMPART_SMTP_HOST: '127.0.0.1', RAMPART_SMTP_PORT: String(sink.port) });
    await expect(sendEmail({ to: 'x@example.com', subject: 'plain', text: 'plain', html: '<p>plain</p>' })).rejects.toBeInstanceOf(EmailError);
    expect(sink.messages).toHaveLength(0);
  });
});

describe('the worker', () => {
  let boss: PgBoss | undefined;
  let worker: NotificationWorker | undefined;
  afterAll(async () => {
    await worker?.stop({ wait: false });
    await boss?.stop({ graceful: false, close: true });
  });

  it('sends a digest queued on pg-boss ("Send digest now")', async () => {
    boss = await createBoss({ connectionString: t.url, boss: { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 } });
    worker = await startNotificationWorker({ db: t.db, boss, pollingIntervalSeconds: 0.5, sweep: false });
    await queueDigestNow(boss);
    const message = await waitFor(async () => sink.messages.find((m) => m.envelopeTo.includes(users.alice.email)), 30_000, 'the digest e-mail');
    expect(message.mail.subject).toMatch(/^\[Rampart\] Weekly digest for All clusters/);
  }, 60_000);
});
