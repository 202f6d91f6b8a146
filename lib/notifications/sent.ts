/**
 * "Send once" (server-only): a notification is claimed by inserting its key into
 * notifications_sent before it is sent. A second worker, a retried job or a second run of a cron
 * finds the key and sends nothing; a send that fails releases the key so the retry can send it.
 */
import type { Db } from '../db';

export async function sendOnce(db: Db, key: string, kind: string, send: () => Promise<unknown>): Promise<boolean> {
  const claimed = await db.notificationSent.createMany({ data: [{ key, kind }], skipDuplicates: true });
  if (!claimed.count) return false;
  try {
    await send();
    return true;
  } catch (err) {
    await db.notificationSent.delete({ where: { key } }).catch(() => undefined);
    throw err;
  }
}

/** Marks keys as sent without sending (a later reminder stage supersedes an earlier one). */
export async function markSent(db: Db, keys: Array<{ key: string; kind: string }>): Promise<void> {
  if (keys.length) await db.notificationSent.createMany({ data: keys, skipDuplicates: true });
}
