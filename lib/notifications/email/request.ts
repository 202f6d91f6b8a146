/** An admin's "Send digest now" (server-only): queued for the worker, audited. Null when e-mail is off. */
import { recordAudit } from '../../auth/audit';
import type { SessionUser } from '../../auth/types';
import type { Db } from '../../db';
import { getBoss } from '../../jobs/boss';
import { emailEnabled } from './smtp-settings';
import { queueDigestNow } from '../../jobs/email';

export async function requestDigestNow(db: Db, ctx: { actor: SessionUser | null; ip?: string | null }): Promise<{ runId: string } | null> {
  if (!emailEnabled()) return null;
  const runId = await queueDigestNow(await getBoss());
  await recordAudit(db, { actor: ctx.actor, ip: ctx.ip, action: 'notifications.digest_requested', targetType: 'digest', targetId: runId });
  return { runId };
}
