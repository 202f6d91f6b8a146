/**
 * Background work of notifications and exceptions on pg-boss (server-only).
 *
 * - queue `webhook-delivery`: one job per WebhookDelivery; 3 attempts with exponential backoff
 *   (pg-boss retryLimit 2, retryBackoff). The last attempt marks the delivery failed.
 * - queue `exceptions-sweep`: cron every 5 minutes → sweepExpiredExceptions (expired accepted
 *   risks stop applying; findings return to open; audited "exception.expired").
 *
 * - queues `notification-reminders`, `email-digest`, `email-scan-alerts`: lib/jobs/email.ts.
 *
 * `startNotificationWorker({ db, boss })` registers them and makes this process dispatch new
 * deliveries through the queue (lib/notifications/dispatch.ts). Without it (a CLI, a test), deliveries are sent in-process with
 * bounded retries (deliverWithRetries).
 */
import type { PgBoss } from 'pg-boss';
import type { Db } from '../db';
import { sweepExpiredExceptions } from '../exceptions';
import { attemptDelivery } from '../notifications/deliver';
import { setDeliveryDispatch } from '../notifications/dispatch';
import { startEmailWorker, stopEmailEnqueue } from './email';
import { ensureQueue } from './queue';

export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';
export const EXCEPTIONS_SWEEP_QUEUE = 'exceptions-sweep';
export const EXCEPTIONS_SWEEP_CRON = '*/5 * * * *';

export interface DeliveryQueueSettings {
  /** Retries after the first attempt (default 2 → 3 attempts). */
  retryLimit: number;
  /** First retry delay in seconds, doubled each time (default 30). */
  retryDelay: number;
}

export const DEFAULT_DELIVERY_QUEUE_SETTINGS: DeliveryQueueSettings = { retryLimit: 2, retryDelay: 30 };

interface DeliveryJob {
  deliveryId: string;
}

export interface NotificationWorkerOptions {
  db: Db;
  boss: PgBoss;
  queue?: Partial<DeliveryQueueSettings>;
  pollingIntervalSeconds?: number;
  /** Schedule the exceptions sweep, the reminders and the digest (default true). */
  sweep?: boolean;
  /** Work the reminder and e-mail queues (default true). */
  email?: boolean;
}

export interface NotificationWorker {
  stop(options?: { wait?: boolean }): Promise<void>;
}

/** Registers the webhook-delivery worker and the exceptions sweep cron in this process. */
export async function startNotificationWorker(options: NotificationWorkerOptions): Promise<NotificationWorker> {
  const { db, boss } = options;
  const settings = { ...DEFAULT_DELIVERY_QUEUE_SETTINGS, ...options.queue };
  await ensureQueue(boss, WEBHOOK_DELIVERY_QUEUE, {
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelay,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 120,
    deleteAfterSeconds: 7 * 24 * 3600,
  });
  await boss.work<DeliveryJob>(WEBHOOK_DELIVERY_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
    if (!job) return null;
    const final = job.retryCount >= settings.retryLimit;
    const r = await attemptDelivery(db, job.data.deliveryId, { final });
    // Throwing hands the job back to pg-boss, which retries it after the backoff delay.
    if (r.status === 'pending') throw new Error(`webhook delivery attempt ${job.retryCount + 1} failed: ${r.error ?? 'unknown error'}`);
    return { status: r.status };
  });
  setDeliveryDispatch(async (ids) => {
    for (const deliveryId of ids) await boss.send(WEBHOOK_DELIVERY_QUEUE, { deliveryId } satisfies DeliveryJob);
  });
  const sweep = options.sweep ?? true;
  if (sweep) {
    await ensureQueue(boss, EXCEPTIONS_SWEEP_QUEUE, { policy: 'singleton', retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 24 * 3600 });
    await boss.work(EXCEPTIONS_SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => sweepExpiredExceptions(db, new Date()));
    await boss.schedule(EXCEPTIONS_SWEEP_QUEUE, EXCEPTIONS_SWEEP_CRON, {}, { tz: 'UTC' });
  }
  // Reminders and finding.overdue events (hourly), and with SMTP configured the e-mail queues.
  const emailQueues = options.email === false ? [] : await startEmailWorker({ db, boss, pollingIntervalSeconds: options.pollingIntervalSeconds, schedule: sweep });
  return {
    async stop({ wait = true } = {}) {
      setDeliveryDispatch(undefined);
      await boss.offWork(WEBHOOK_DELIVERY_QUEUE, { wait });
      if (sweep) await boss.offWork(EXCEPTIONS_SWEEP_QUEUE, { wait });
      stopEmailEnqueue();
      for (const q of emailQueues) await boss.offWork(q, { wait });
    },
  };
}
