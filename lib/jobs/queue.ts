/**
 * The one way Rampart creates a pg-boss queue. Every queue (scan, scan-tick, webhook-delivery,
 * exceptions-sweep, report-tick) goes through ensureQueue, so that all of them behave the same when
 * several processes start at once and when a newer version changes a queue's settings.
 */
import type { PgBoss } from 'pg-boss';

export type QueueOptions = NonNullable<Parameters<PgBoss['createQueue']>[1]>;

/**
 * Creates the queue when it is missing, else brings its settings up to date. Safe to run from many
 * processes at once (a concurrent creation by another process is fine). A queue's policy is fixed at
 * creation: pg-boss refuses to change it, even to the same value, so an update leaves it out.
 */
export async function ensureQueue(boss: PgBoss, name: string, options: QueueOptions): Promise<void> {
  if (await boss.getQueue(name)) {
    const { policy: _policy, ...updatable } = options;
    await boss.updateQueue(name, updatable);
    return;
  }
  try {
    await boss.createQueue(name, options);
  } catch (err) {
    if (!(await boss.getQueue(name))) throw err; // another process created it meanwhile: fine
  }
}
