/**
 * The remediation SLA policies (server-only): the instance's days per severity, stored as the
 * setting "sla.policy" (the defaults apply until an admin changes it), and each team's overrides
 * (Team.slaOverrides, Settings › Teams). Changing either is audited with before and after.
 */
import { writeAuditedSetting } from '../auth/audited-setting';
import type { SessionUser } from '../auth/types';
import type { Db } from '../db';
import { ownerRuleClauses } from '../teams/owner-where';
import { loadScopeRules } from '../teams/scope';
import { DEFAULT_SLA_DAYS, hasTeamOverrides, overridesOf, SLA_SEVERITIES, type SlaPolicies, type SlaPolicy } from './policy';
import type { SlaRules } from './where';

export const SLA_POLICY_SETTING = 'sla.policy';

const parse = (value: unknown): SlaPolicy => ({ ...DEFAULT_SLA_DAYS, ...overridesOf(value) });

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

/** The instance policy and every team's overrides. */
export async function getSlaPolicies(db: Db): Promise<SlaPolicies> {
  const [global, teams] = await Promise.all([getSlaPolicy(db), db.team.findMany({ select: { id: true, slaOverrides: true } })]);
  const overrides = teams.map((t) => [t.id, overridesOf(t.slaOverrides)] as const).filter(([, o]) => Object.keys(o).length > 0);
  return { global, teams: Object.fromEntries(overrides) };
}

/**
 * What the SQL forms of due dates need (lib/sla/where.ts): the policies and, when some team's days
 * differ from the instance policy, the ownership rules as WHERE clauses (a few more queries).
 */
export async function loadSlaRules(db: Db): Promise<SlaRules> {
  const policies = await getSlaPolicies(db);
  if (!hasTeamOverrides(policies)) return { policies, owners: [] };
  return { policies, owners: await ownerRuleClauses(db, await loadScopeRules(db)) };
}
