/**
 * Scheduled reports on pg-boss (server-only): queue `report-tick`, a cron every minute that renders
 * the report schedules that came due (runDueReportSchedules) and applies report retention
 * (sweepReports). Both live in lib/reports/service.ts; this file only registers the job.
 */
import type { PgBoss } from 'pg-boss';
import type { Db } from '../db';
import { runDueReportSchedules, sweepReports } from '../reports/service';
import { ensureQueue } from './queue';

export const REPORT_TICK_QUEUE = 'report-tick';
export const REPORT_TICK_CRON = '* * * * *';

/** Registers the per-minute report tick (due schedules + retention sweep) on pg-boss in this process. */
export async function startReportWorker(options: { db: Db; boss: PgBoss; pollingIntervalSeconds?: number }): Promise<{ stop(): Promise<void> }> {
  const { db, boss } = options;
  await ensureQueue(boss, REPORT_TICK_QUEUE, { policy: 'singleton', retryLimit: 0, expireInSeconds: 1800, deleteAfterSeconds: 24 * 3600 });
  await boss.work(REPORT_TICK_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    const runs = await runDueReportSchedules(db);
    const sweep = await sweepReports(db);
    return { runs: runs.length, ...sweep };
  });
  await boss.schedule(REPORT_TICK_QUEUE, REPORT_TICK_CRON, {}, { tz: 'UTC' });
  return {
    async stop() {
      await boss.offWork(REPORT_TICK_QUEUE, { wait: true });
    },
  };
}
