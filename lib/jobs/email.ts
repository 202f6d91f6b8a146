/**
 * E-mail and reminder jobs on pg-boss (server-only), registered by startNotificationWorker (./notifications):
 *
 * - `notification-reminders`  cron hourly: exception-expiry reminders and finding.overdue events
 *                             (lib/notifications/reminders.ts); e-mails only when SMTP is configured
 * - `email-digest`            cron RAMPART_DIGEST_CRON in RAMPART_DIGEST_TIMEZONE (default Mondays
 *                             08:00 UTC), or on demand (an admin's "Send digest now"): weekly digests
 * - `email-scan-alerts`       one job per finished scan: immediate alerts by severity
 *
 * The e-mail queues are worked only when SMTP is configured (lib/config.ts RAMPART_SMTP_*).
 */
import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { getConfig } from '../config';
import type { Db } from '../db';
import { EMAIL_ALERTS_QUEUE, EMAIL_DIGEST_QUEUE, setEmailEnqueue } from '../notifications/email/dispatch';
import { sendDigests, sendScanAlerts } from '../notifications/email/send';
import { emailEnabled } from '../notifications/email/smtp-settings';
import { runReminders } from '../notifications/reminders';
import { ensureQueue } from './queue';

export const REMINDERS_QUEUE = 'notification-reminders';
export const REMINDERS_CRON = '17 * * * *';

interface DigestJob {
  /** Distinguishes runs: the date of a scheduled run, "manual-<uuid>" for "Send digest now". */
  runId?: string;
}

export interface EmailWorkerOptions {
  db: Db;
  boss: PgBoss;
  pollingIntervalSeconds?: number;
  /** Schedule the crons (default true; tests send jobs themselves). */
  schedule?: boolean;
}

/** Registers the reminder cron and, with SMTP configured, the e-mail queues. Returns the queues it works. */
export async function startEmailWorker(options: EmailWorkerOptions): Promise<string[]> {
  const { db, boss } = options;
  const config = getConfig();
  const polling = options.pollingIntervalSeconds ?? 2;
  const schedule = options.schedule ?? true;
  const email = emailEnabled(config);
  const queues = [REMINDERS_QUEUE];
  await ensureQueue(boss, REMINDERS_QUEUE, { policy: 'singleton', retryLimit: 1, expireInSeconds: 600, deleteAfterSeconds: 24 * 3600 });
  await boss.work(REMINDERS_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, async () => runReminders(db, new Date(), { email }));
  if (schedule) await boss.schedule(REMINDERS_QUEUE, REMINDERS_CRON, {}, { tz: 'UTC' });
  if (!email) return queues;

  const retry = { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 1800, deleteAfterSeconds: 7 * 24 * 3600 };
  await ensureQueue(boss, EMAIL_DIGEST_QUEUE, retry);
  await ensureQueue(boss, EMAIL_ALERTS_QUEUE, retry);
  await boss.work<DigestJob>(EMAIL_DIGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, async ([job]) => {
    const now = new Date();
    return { sent: await sendDigests(db, job?.data.runId ?? now.toISOString().slice(0, 10), now) };
  });
  await boss.work<{ scanId: string }>(EMAIL_ALERTS_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, async ([job]) => (job ? { sent: await sendScanAlerts(db, job.data.scanId) } : null));
  if (schedule) await boss.schedule(EMAIL_DIGEST_QUEUE, config.RAMPART_DIGEST_CRON, {}, { tz: config.RAMPART_DIGEST_TIMEZONE });
  setEmailEnqueue(async (queue, data) => {
    await boss.send(queue, data);
  });
  queues.push(EMAIL_DIGEST_QUEUE, EMAIL_ALERTS_QUEUE);
  return queues;
}

export function stopEmailEnqueue(): void {
  setEmailEnqueue(undefined);
}

/** Queues a digest run now (an admin's "Send digest now"); the worker sends it. */
export async function queueDigestNow(boss: PgBoss): Promise<string> {
  const runId = `manual-${randomUUID()}`;
  await ensureQueue(boss, EMAIL_DIGEST_QUEUE, { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 1800, deleteAfterSeconds: 7 * 24 * 3600 });
  await boss.send(EMAIL_DIGEST_QUEUE, { runId } satisfies DigestJob);
  return runId;
}
