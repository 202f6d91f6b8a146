/**
 * The SLA history job on pg-boss (server-only): queue `sla-record`, a cron every hour that records
 * the day's remediation SLA numbers per team (lib/sla/history.ts; the first record of a UTC day stays,
 * so a missed hour only delays it).
 */
import type { PgBoss } from 'pg-boss';
import type { Db } from '../db';
import { recordTeamSlaPoints } from '../sla/history';
import { ensureQueue } from './queue';

export const SLA_RECORD_QUEUE = 'sla-record';
export const SLA_RECORD_CRON = '23 * * * *';

/** Registers the hourly SLA record in this process. */
export async function startSlaWorker(options: { db: Db; boss: PgBoss; pollingIntervalSeconds?: number; schedule?: boolean }): Promise<{ stop(): Promise<void> }> {
  const { db, boss } = options;
  await ensureQueue(boss, SLA_RECORD_QUEUE, { policy: 'singleton', retryLimit: 1, expireInSeconds: 900, deleteAfterSeconds: 24 * 3600 });
  await boss.work(SLA_RECORD_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => ({ recorded: await recordTeamSlaPoints(db, new Date()) }));
  if (options.schedule ?? true) await boss.schedule(SLA_RECORD_QUEUE, SLA_RECORD_CRON, {}, { tz: 'UTC' });
  return {
    async stop() {
      await boss.offWork(SLA_RECORD_QUEUE, { wait: true });
    },
  };
}
