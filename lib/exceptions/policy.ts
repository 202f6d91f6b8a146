/**
 * The four-eyes policy for risk acceptance (server-only): whether the person who requested an
 * exception may also approve it. Off by default; small teams with one analyst turn it on.
 * Stored as the instance setting "exceptions.policy"; changing it is admin-only and audited.
 */
import { writeAuditedSetting } from '../auth/audited-setting';
import type { Db, DbTransaction } from '../db';
import type { ExceptionActionContext } from './dto';
import type { ExceptionPolicyInput } from './schema';

export const EXCEPTION_POLICY_SETTING = 'exceptions.policy';

export interface ExceptionPolicy {
  /** The requester may approve their own request. */
  allowSelfApproval: boolean;
  updatedAt: string | null;
  updatedBy: { id: string; name: string; email: string } | null;
}

function parse(value: unknown): Pick<ExceptionPolicy, 'allowSelfApproval'> {
  const v = value as { allowSelfApproval?: unknown } | null;
  return { allowSelfApproval: v?.allowSelfApproval === true };
}

export async function getExceptionPolicy(db: Db | DbTransaction): Promise<ExceptionPolicy> {
  const row = await db.setting.findUnique({
    where: { key: EXCEPTION_POLICY_SETTING },
    select: { value: true, updatedAt: true, updatedBy: { select: { id: true, name: true, email: true } } },
  });
  return { ...parse(row?.value), updatedAt: row?.updatedAt.toISOString() ?? null, updatedBy: row?.updatedBy ?? null };
}

/** Sets the policy; audits "settings.exception_policy_updated" with the previous and new value. */
export async function setExceptionPolicy(db: Db, input: ExceptionPolicyInput, ctx: ExceptionActionContext): Promise<ExceptionPolicy> {
  await writeAuditedSetting(db, EXCEPTION_POLICY_SETTING, { allowSelfApproval: input.allowSelfApproval }, ctx, {
    action: 'settings.exception_policy_updated',
    details: (before) => ({ allowSelfApproval: { from: parse(before).allowSelfApproval, to: input.allowSelfApproval } }),
  });
  return getExceptionPolicy(db);
}
