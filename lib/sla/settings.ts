/**
 * The instance's remediation SLA policy (server-only): days per severity, stored as the setting
 * "sla.policy"; the defaults apply until an admin changes it. Changing it is audited.
 */
import { writeAuditedSetting } from '../auth/audited-setting';
import type { SessionUser } from '../auth/types';
import type { Db } from '../db';
import { DEFAULT_SLA_DAYS, SLA_SEVERITIES, slaPolicySchema, type SlaPolicy } from './policy';

export const SLA_POLICY_SETTING = 'sla.policy';

function parse(value: unknown): SlaPolicy {
  const parsed = slaPolicySchema.partial().safeParse(value ?? {});
  return { ...DEFAULT_SLA_DAYS, ...(parsed.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) : {}) };
}

export async function getSlaPolicy(db: Db): Promise<SlaPolicy> {
  const row = await db.setting.findUnique({ where: { key: SLA_POLICY_SETTING }, select: { value: true } });
  return parse(row?.value);
}

export async function setSlaPolicy(db: Db, policy: SlaPolicy, ctx: { actor: SessionUser | null; ip?: string | null }): Promise<SlaPolicy> {
  await writeAuditedSetting(db, SLA_POLICY_SETTING, { ...policy }, ctx, {
    action: 'settings.sla_policy_updated',
    details: (before) => {
      const was = parse(before);
      return Object.fromEntries(SLA_SEVERITIES.map((s) => [s, { from: was[s], to: policy[s] }]));
    },
  });
  return getSlaPolicy(db);
}
