/** Creating or updating a pg-boss queue from any number of processes at once. */
import type { PgBoss } from 'pg-boss';

export async function ensureQueue(boss: PgBoss, name: string, options: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
  if (await boss.getQueue(name)) {
    // A queue's policy is fixed at creation (pg-boss refuses to "change" it, even to the same value).
    const { policy: _policy, ...updatable } = options ?? {};
    await boss.updateQueue(name, updatable);
    return;
  }
  try {
    await boss.createQueue(name, options);
  } catch (err) {
    if (!(await boss.getQueue(name))) throw err;
  }
}

