/**
 * Due dates of loaded findings that are open and not excepted (digest items, alerts, reminders,
 * ticket events): findingDue with each finding's owning team, which is resolved only when some
 * team overrides the instance policy. Pages that already know the owners call findingDue directly.
 */
import type { Db } from '@/lib/db';
import { ownersOfFindings, type OwnedRow } from '@/lib/teams/owners';
import { findingDue, hasTeamOverrides, type FindingDue, type SlaPolicies } from './policy';

export async function duesOfOpenFindings(db: Db, policies: SlaPolicies, rows: ReadonlyArray<OwnedRow & { severity: string; firstSeenAt: Date }>, now: Date): Promise<Map<string, FindingDue>> {
  const owners = hasTeamOverrides(policies) ? await ownersOfFindings(db, rows) : new Map<string, null>();
  return new Map(rows.map((r) => [r.id, findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: true, owner: owners.get(r.id) ?? null }, policies, now)]));
}
