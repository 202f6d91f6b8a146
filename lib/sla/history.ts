/**
 * The history of remediation SLA numbers per owning team (TeamSlaPoint), what the SLA trends read.
 * The hourly `sla-record` job (lib/jobs/sla.ts) records the fleet's numbers per team
 * (lib/sla/compliance.ts, closed-on-time over the 30 days before) once per UTC day: the first record
 * of a day stays and is never rewritten, so a trend point is what was true when it was recorded,
 * whatever policies, ownership or findings do later. Nothing is recorded while no team exists.
 * Points are the fleet's: a view narrowed to some clusters or sections has no history of its own.
 * Who reads which record is one rule (getTeamSlaTrends): a fleet user every team's and the unowned
 * findings', a team member their own teams' only.
 */
import type { Db } from '@/lib/db';
import { FLEET, type AccessScope } from '@/lib/teams/scope';
import { getSlaNumbers, TEAM_SLA_WINDOW_DAYS } from './compliance';

const DAY = 86_400_000;
/** The key of the findings no team owns. */
export const UNOWNED_KEY = '';

export interface TeamSlaTrendPoint {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  at: string;
  tracked: number;
  overdue: number;
  /** (tracked − overdue) / tracked when recorded; null when nothing was tracked. */
  compliance: number | null;
  closed: number;
  closedOnTime: number;
}

const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** Records today's point of every team (and of unowned findings) unless today has one; returns how many rows were written. */
export async function recordTeamSlaPoints(db: Db, now = new Date()): Promise<number> {
  const { teams } = await getSlaNumbers(db, { clusterIds: null, now, teams: { closedSince: new Date(now.getTime() - TEAM_SLA_WINDOW_DAYS * DAY), onlyWithTeams: true } });
  if (!teams.length) return 0;
  const day = utcDay(now);
  const { count } = await db.teamSlaPoint.createMany({
    data: teams.map((t) => ({ day, at: now, teamKey: t.teamId ?? UNOWNED_KEY, teamName: t.teamName, tracked: t.tracked, overdue: t.overdueTotal, dueSoon: t.dueSoonTotal, closed: t.closed, closedOnTime: t.closedOnTime })),
    skipDuplicates: true,
  });
  return count;
}

/** Each team's points (by team id, UNOWNED_KEY for unowned findings) recorded between `from` and `to`, oldest first. */
export async function getTeamSlaHistory(db: Db, window: { from: Date; to: Date }, teamKeys?: readonly string[]): Promise<Map<string, TeamSlaTrendPoint[]>> {
  const rows = await db.teamSlaPoint.findMany({
    where: { day: { gte: utcDay(window.from), lte: window.to }, ...(teamKeys ? { teamKey: { in: [...teamKeys] } } : {}) },
    orderBy: [{ teamKey: 'asc' }, { day: 'asc' }],
  });
  const out = new Map<string, TeamSlaTrendPoint[]>();
  for (const r of rows) {
    const list = out.get(r.teamKey) ?? [];
    out.set(r.teamKey, list);
    list.push({ day: r.day.toISOString().slice(0, 10), at: r.at.toISOString(), tracked: r.tracked, overdue: r.overdue, compliance: r.tracked ? (r.tracked - r.overdue) / r.tracked : null, closed: r.closed, closedOnTime: r.closedOnTime });
  }
  return out;
}

/**
 * The recorded points over `window` of the SLA rows a surface shows (the overview's table, the
 * report's page), for the rows whose record `access` may read: a fleet user every team's and the
 * unowned findings', a team member their own teams' only (another team owning findings inside their
 * part is not theirs to follow). A readable row without points maps to []; a row that is not
 * readable has no entry.
 */
export async function getTeamSlaTrends(db: Db, rows: ReadonlyArray<{ teamId: string | null }>, window: { from: Date; to: Date }, access: AccessScope = FLEET): Promise<Map<string, TeamSlaTrendPoint[]>> {
  const keys = rows.map((r) => r.teamId ?? UNOWNED_KEY).filter((k) => access.kind === 'fleet' || access.teams.some((t) => t.id === k));
  if (!keys.length) return new Map();
  const history = await getTeamSlaHistory(db, window, keys);
  return new Map(keys.map((k) => [k, history.get(k) ?? []]));
}
