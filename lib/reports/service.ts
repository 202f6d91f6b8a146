/**
 * Stored remediation reports (server side; no 'server-only' import: the CLI worker runs schedules): the Report rows behind the Reports page, their PDF
 * files (in PostgreSQL, table report_files: any replica serves any download), retention and scheduled reports.
 *
 * Files written by older versions to RAMPART_DATA_DIR/reports/<id>.pdf (Report.filePath) are imported
 * into the database by the server whose disk holds them (sweepReports, and on download); one on no
 * disk of the server asked answers 410 until retention deletes its row.
 *
 * Background rendering: a report too large to stream (more than RAMPART_REPORT_STREAM_MAX_FINDINGS
 * findings) gets a Report row (queued) and renders under the process that accepted the request,
 * updating status and progress (0–100) as it goes; the page polls the row. The PDF layout itself
 * runs in a capped child process, at most RAMPART_REPORT_RENDER_CONCURRENCY at once
 * (./pdf/isolated): the web process keeps answering while reports render. A render interrupted
 * by a restart is marked failed by the sweep (sweepReports) after STALE_RENDER_MS.
 *
 * Retention: every report expires RAMPART_REPORT_RETENTION_DAYS after creation; sweepReports
 * deletes expired rows (their stored files go with them).
 *
 * Schedules (ReportSchedule: cron + time zone + params + webhook): runDueReportSchedules renders
 * each schedule whose cron came due since its last run and sends the webhook a "report.ready"
 * delivery with the download link (lib/notifications deliveries, retried like any other).
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { recordAudit } from '@/lib/auth/audit';
import type { SessionUser } from '@/lib/auth/types';
import { getConfig } from '@/lib/config';
import type { Db, Prisma } from '@/lib/db';
import { nextRunAfter } from '@/lib/jobs/schedule';
import { dispatchDeliveries } from '@/lib/notifications/dispatch';
import { isFiltered, namingFilter, reportReachesFilter, type WebhookFilter } from '@/lib/notifications/filters';
import { reportParamsSchema, reportScheduleInputSchema, type ReportParams, type ReportScheduleInput } from './params';
import { renderInChild, renderPdfIsolated, withRenderSlot } from './pdf/isolated';
import { buildReportViewModel, clustersInScope, countReportFindings } from './view-model';
import { mayReadReport, reportsVisibleWhere, reportTeamIds } from './access';
import { FLEET, scopeOfTeams, type AccessScope } from '@/lib/teams/scope';
import { log } from '../log';
import { AppError } from '@/lib/api/errors';

export const REPORT_KIND = 'remediation-pdf';
export const STALE_RENDER_MS = 60 * 60 * 1000;

/** Where versions before report_files wrote PDFs (only read, to import them). */
export function legacyReportsDir(): string {
  return path.join(getConfig().dataDir, 'reports');
}

export interface ReportDto {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  params: ReportParams;
  bytes: number | null;
  error: string | null;
  createdBy: string | null;
  scheduleName: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  /** Cluster names in scope when the report was requested (ids stay in params). */
  clusterNames: string[];
  /** The teams whose part of the fleet it covers (a team member's report, ./access.ts); empty: the fleet. */
  teamIds: string[];
  /** Their names when the report was requested. */
  teams: string[];
}

const DTO_SELECT = {
  id: true,
  kind: true,
  status: true,
  progress: true,
  params: true,
  bytes: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  expiresAt: true,
  teamIds: true,
  createdBy: { select: { name: true, email: true } },
  schedule: { select: { name: true } },
} satisfies Prisma.ReportSelect;

type ReportRow = Prisma.ReportGetPayload<{ select: typeof DTO_SELECT }>;

function toDto(r: ReportRow): ReportDto {
  const raw = (r.params ?? {}) as { clusterNames?: unknown; teamNames?: unknown };
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const parsed = reportParamsSchema.safeParse(r.params);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    progress: r.progress,
    params: parsed.success ? parsed.data : reportParamsSchema.parse({}),
    bytes: r.bytes,
    error: r.error,
    createdBy: r.createdBy?.name || r.createdBy?.email || null,
    scheduleName: r.schedule?.name ?? null,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    clusterNames: names(raw.clusterNames),
    teamIds: r.teamIds,
    teams: names(raw.teamNames),
  };
}

/** Recent reports, newest first: those the access scope may read (./access.ts). */
export async function listReports(db: Db, limit = 50, access: AccessScope = FLEET): Promise<ReportDto[]> {
  const fleet = access.kind === 'fleet';
  // A team member's candidates are few (their teams' reports, until retention deletes them): refined in memory.
  const rows = await db.report.findMany({ where: { kind: REPORT_KIND, ...reportsVisibleWhere(access) }, orderBy: { createdAt: 'desc' }, ...(fleet ? { take: limit } : {}), select: DTO_SELECT });
  return (fleet ? rows : rows.filter((r) => mayReadReport(access, r.teamIds)).slice(0, limit)).map(toDto);
}

/** One report, or null when absent or not the access scope's to read. */
export async function getReport(db: Db, id: string, access: AccessScope = FLEET): Promise<ReportDto | null> {
  const row = await db.report.findUnique({ where: { id }, select: DTO_SELECT });
  return row && mayReadReport(access, row.teamIds) ? toDto(row) : null;
}

export interface CreateReportInput {
  params: ReportParams;
  actor?: SessionUser | null;
  ip?: string | null;
  scheduleId?: string | null;
  now?: Date;
  /** The requester's access scope: a team member's report covers their teams' part of the fleet and is recorded for those teams. */
  access?: AccessScope;
}

/** Creates a queued Report row (scope validated, "report.generated" audited). Render it with runReport. */
export async function createReport(db: Db, input: CreateReportInput): Promise<ReportDto> {
  const now = input.now ?? new Date();
  const access = input.access ?? FLEET;
  const clusters = await clustersInScope(db, input.params, access);
  const teams = access.kind === 'teams' ? access.teams.map((t) => t.name) : [];
  const expiresAt = new Date(now.getTime() + getConfig().RAMPART_REPORT_RETENTION_DAYS * 86_400_000);
  const row = await db.$transaction(async (tx) => {
    const r = await tx.report.create({
      data: {
        kind: REPORT_KIND,
        status: 'queued',
        params: { ...input.params, clusterNames: clusters.map((c) => c.name), ...(teams.length ? { teamNames: teams } : {}) } as Prisma.InputJsonValue,
        teamIds: reportTeamIds(access),
        createdById: input.actor?.id ?? null,
        scheduleId: input.scheduleId ?? null,
        createdAt: now,
        expiresAt,
      },
      select: DTO_SELECT,
    });
    await recordAudit(tx, {
      actor: input.actor ?? null,
      action: 'report.generated',
      targetType: 'report',
      targetId: r.id,
      ip: input.ip ?? null,
      details: { kind: REPORT_KIND, mode: 'background', params: input.params, clusters: clusters.map((c) => c.name), ...(teams.length ? { teams } : {}), ...(input.scheduleId ? { scheduleId: input.scheduleId } : {}) },
    });
    return r;
  });
  return toDto(row);
}

/**
 * Renders a queued report to its file, updating status and progress. Waits (still queued) for a
 * render slot; the PDF itself is laid out in a capped child process (./pdf/isolated). Never
 * throws: failures, a renderer crash or out-of-memory included, land on the row.
 */
export async function runReport(db: Db, id: string): Promise<ReportDto | null> {
  return withRenderSlot(() => renderClaimed(db, id));
}

async function renderClaimed(db: Db, id: string): Promise<ReportDto | null> {
  const claimed = await db.report.updateMany({ where: { id, status: 'queued' }, data: { status: 'running', progress: 1 } });
  if (claimed.count === 0) return getReport(db, id);
  let last = 0;
  const progress = async (pct: number) => {
    if (pct - last < 5) return;
    last = pct;
    await db.report.update({ where: { id }, data: { progress: Math.min(99, Math.round(pct)) } });
  };
  try {
    const row = await db.report.findUniqueOrThrow({ where: { id }, select: { params: true, teamIds: true, createdBy: { select: { name: true, email: true } } } });
    const params = reportParamsSchema.parse(row.params);
    // The scope recorded with the report: its teams' part of the fleet as their scopes stand now.
    const access = await scopeOfTeams(db, row.teamIds);
    const vm = await buildReportViewModel(db, params, { generatedBy: row.createdBy?.name || row.createdBy?.email || null, onProgress: progress, access });
    await progress(75);
    const pdf = await renderInChild(vm);
    await db.$transaction([
      db.reportFile.create({ data: { reportId: id, content: new Uint8Array(pdf) } }),
      db.report.update({ where: { id }, data: { status: 'succeeded', progress: 100, bytes: pdf.length, finishedAt: new Date() } }),
    ]);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log('reports').error({ reportId: id, err: message }, 'report rendering failed');
    await db.report.update({ where: { id }, data: { status: 'failed', error: `Rendering the report failed: ${message}`.slice(0, 500), finishedAt: new Date() } }).catch(() => undefined);
  }
  return getReport(db, id);
}

/** Starts rendering in this process without waiting (the caller answers 202 at once). */
export function startReportInBackground(db: Db, id: string): void {
  void runReport(db, id);
}

export class ReportNotReadyError extends AppError {
  constructor(status: 404 | 409 | 410, message: string) {
    super(status, message, 'report-not-ready');
  }
}

/** The PDF of a finished, unexpired report the access scope may read, from the database. Throws ReportNotReadyError. */
export async function reportContentFor(db: Db, id: string, now = new Date(), access: AccessScope = FLEET): Promise<{ content: Uint8Array; report: ReportDto }> {
  const report = await getReport(db, id, access);
  if (!report || report.kind !== REPORT_KIND) throw new ReportNotReadyError(404, 'No such report: it may have expired and been deleted.');
  if (report.status === 'failed') throw new ReportNotReadyError(409, report.error ?? 'The report failed.');
  if (report.status !== 'succeeded') throw new ReportNotReadyError(409, `The report is still ${report.status} (${report.progress}%); try again when it is ready.`);
  if (report.expiresAt && new Date(report.expiresAt) <= now) throw new ReportNotReadyError(410, 'The report has expired; generate a new one.');
  const stored = (await db.reportFile.findUnique({ where: { reportId: id }, select: { content: true } })) ?? (await importLegacyFile(db, id));
  if (!stored) throw new ReportNotReadyError(410, 'The report file is not in the database: it was written to the disk of another server by an older version of Rampart; generate the report again.');
  return { content: stored.content, report };
}

/**
 * Moves a PDF an older version wrote to this server's disk (Report.filePath) into report_files,
 * then deletes the local file. Null when the report has no such file on this server.
 */
async function importLegacyFile(db: Db, id: string): Promise<{ content: Uint8Array } | null> {
  const row = await db.report.findUnique({ where: { id }, select: { filePath: true } });
  if (!row?.filePath || path.dirname(path.resolve(row.filePath)) !== legacyReportsDir()) return null;
  const content = await readFile(row.filePath).catch(() => null);
  if (!content) return null;
  const bytes = new Uint8Array(content);
  await db.$transaction([
    db.reportFile.upsert({ where: { reportId: id }, create: { reportId: id, content: bytes }, update: {} }),
    db.report.update({ where: { id }, data: { filePath: null, bytes: bytes.length } }),
  ]);
  await rm(row.filePath, { force: true });
  return { content: bytes };
}

/**
 * Deletes expired reports (their stored files go with them); fails renders interrupted longer
 * than STALE_RENDER_MS ago; imports the legacy report files this server's disk holds.
 */
export async function sweepReports(db: Db, now = new Date()): Promise<{ deleted: number; failed: number; imported: number }> {
  const expired = await db.report.findMany({ where: { expiresAt: { lte: now } }, select: { id: true, filePath: true } });
  for (const r of expired) if (r.filePath && path.dirname(path.resolve(r.filePath)) === legacyReportsDir()) await rm(r.filePath, { force: true });
  const deleted = expired.length ? (await db.report.deleteMany({ where: { id: { in: expired.map((r) => r.id) } } })).count : 0;
  const failed = (
    await db.report.updateMany({
      where: { status: { in: ['queued', 'running'] }, createdAt: { lt: new Date(now.getTime() - STALE_RENDER_MS) } },
      data: { status: 'failed', error: 'The render was interrupted (server restart?); generate the report again.', finishedAt: now },
    })
  ).count;
  let imported = 0;
  const legacy = await db.report.findMany({ where: { status: 'succeeded', filePath: { not: null }, file: { is: null } }, select: { id: true } });
  for (const r of legacy) if (await importLegacyFile(db, r.id)) imported++;
  return { deleted, failed, imported };
}

// ───────────────────────────── schedules ─────────────────────────────

export const SCHEDULE_FREQUENCIES = { weekly: { cron: '0 6 * * 1', days: 7 }, monthly: { cron: '0 6 1 * *', days: 30 } } as const;

export interface ScheduleRunResult {
  scheduleId: string;
  reportId?: string;
  status: 'succeeded' | 'failed' | 'skipped';
  deliveryId?: string;
  /** Why the schedule's webhook got no report.ready (its filter excludes the report). */
  deliverySkipped?: string;
  error?: string;
}

/**
 * Runs every enabled schedule whose next run after its last run (or creation) is due by `now`:
 * creates and renders its report, then queues a "report.ready" delivery to its webhook.
 */
export async function runDueReportSchedules(db: Db, now = new Date()): Promise<ScheduleRunResult[]> {
  const schedules = await db.reportSchedule.findMany({ where: { enabled: true } });
  const results: ScheduleRunResult[] = [];
  for (const s of schedules) {
    let due: Date | null;
    try {
      due = nextRunAfter(s.cron, s.timezone, s.lastRunAt ?? s.createdAt);
    } catch (err) {
      results.push({ scheduleId: s.id, status: 'skipped', error: (err as Error).message });
      continue;
    }
    if (!due || due > now) continue;
    // Claim the run (another process may be ticking too): only one updates lastRunAt from its old value.
    const claimed = await db.reportSchedule.updateMany({ where: { id: s.id, lastRunAt: s.lastRunAt }, data: { lastRunAt: now } });
    if (!claimed.count) continue;
    try {
      const params = reportParamsSchema.parse(s.params);
      // A team schedule reports on its teams' part of the fleet as their scopes stand now; with
      // every one of its teams deleted it would otherwise become a report of the fleet.
      const access = await scopeOfTeams(db, s.teamIds);
      if (access.kind === 'teams' && !access.teams.length) {
        results.push({ scheduleId: s.id, status: 'failed', error: 'The teams this schedule reports on no longer exist: delete the schedule.' });
        continue;
      }
      const created = await createReport(db, { params, scheduleId: s.id, now, access });
      const report = await runReport(db, created.id);
      if (report?.status !== 'succeeded') {
        results.push({ scheduleId: s.id, reportId: created.id, status: 'failed', error: report?.error ?? 'unknown error' });
        continue;
      }
      const delivery = s.webhookId ? await queueReportDelivery(db, s.webhookId, s.name, report, now) : undefined;
      results.push({ scheduleId: s.id, reportId: report.id, status: 'succeeded', ...delivery });
    } catch (err) {
      results.push({ scheduleId: s.id, status: 'failed', error: (err as Error).message });
    }
  }
  return results;
}

/** The webhook's filter (lib/notifications/filters.ts), or null when there is no such webhook. */
async function webhookFilterOf(db: Db, webhookId: string): Promise<(WebhookFilter & { name: string }) | null> {
  const hook = await db.webhook.findUnique({ where: { id: webhookId }, select: { name: true, framework: true, control: true, team: { select: { id: true, name: true } } } });
  return hook && { name: hook.name, framework: hook.framework, control: hook.control, team: hook.team };
}

const teamOnlyMessage = (hook: { name: string; team: { name: string } | null }) =>
  `The webhook "${hook.name}" is narrowed to team ${hook.team?.name ?? ''}: it receives only reports made for that team alone.`;

/**
 * A "report.ready" webhook delivery with the download link (the link needs an analyst session or
 * API token). A webhook narrowed to a team gets it only for a report made for that team alone
 * (lib/notifications/filters.ts); otherwise nothing is queued and the reason is returned.
 */
async function queueReportDelivery(db: Db, webhookId: string, scheduleName: string, report: ReportDto, now: Date): Promise<{ deliveryId: string } | { deliverySkipped: string }> {
  const url = `${getConfig().RAMPART_BASE_URL.replace(/\/$/, '')}/api/reports/${report.id}/download`;
  const envelope = {
    id: randomUUID(),
    event: 'report.ready',
    occurredAt: now.toISOString(),
    summary: `Scheduled report "${scheduleName}" is ready (${report.clusterNames.join(', ') || 'fleet'}).`,
    cluster: null,
    scan: null,
    url,
    data: { reportId: report.id, schedule: scheduleName, clusters: report.clusterNames, bytes: report.bytes, expiresAt: report.expiresAt, downloadUrl: url },
  };
  const filter = await webhookFilterOf(db, webhookId);
  if (filter && !reportReachesFilter(filter, report.teamIds)) return { deliverySkipped: teamOnlyMessage(filter) };
  const sent = filter && isFiltered(filter) ? namingFilter(envelope, filter) : envelope;
  const delivery = await db.webhookDelivery.create({ data: { webhookId, event: 'report.ready', payload: sent as Prisma.InputJsonValue }, select: { id: true } });
  await dispatchDeliveries(db, [delivery.id]);
  return { deliveryId: delivery.id };
}

// ───────────────────────────── direct (streamed) reports and the size decision ─────────────────────────────

export type ReportRequestOutcome = { mode: 'direct'; pdf: Buffer; fileName: string } | { mode: 'background'; report: ReportDto };

/** e.g. rampart-report-prod-eu-2026-11-27.pdf; a report not narrowed to chosen clusters is "fleet". */
export function reportFileName(params: Pick<ReportParams, 'clusters'>, clusterNames: string[], now = new Date()): string {
  const name = !params.clusters.length ? 'fleet' : clusterNames.length === 1 ? clusterNames[0] : `${clusterNames.length}-clusters`;
  return `rampart-report-${name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 60)}-${now.toISOString().slice(0, 10)}.pdf`;
}

/**
 * POST /api/reports/pdf: renders at once when the report has at most
 * RAMPART_REPORT_STREAM_MAX_FINDINGS findings, else queues a background report. Audited either way.
 */
export async function requestReport(db: Db, params: ReportParams, actor: SessionUser, ip: string | null, now = new Date(), access: AccessScope = FLEET): Promise<ReportRequestOutcome> {
  const vmOrCount = await buildOrCount(db, params, actor, now, access);
  if (typeof vmOrCount === 'number') {
    const report = await createReport(db, { params, actor, ip, now, access });
    startReportInBackground(db, report.id);
    return { mode: 'background', report };
  }
  const pdf = await renderPdfIsolated(vmOrCount);
  await recordAudit(db, {
    actor,
    action: 'report.generated',
    targetType: 'report',
    ip,
    details: { kind: REPORT_KIND, mode: 'direct', params, clusters: vmOrCount.clusters.map((c) => c.name), ...(vmOrCount.teams ? { teams: vmOrCount.teams } : {}), findings: vmOrCount.totals.findings, bytes: pdf.length },
  });
  return { mode: 'direct', pdf, fileName: reportFileName(params, vmOrCount.clusters.map((c) => c.name), now) };
}

async function buildOrCount(db: Db, params: ReportParams, actor: SessionUser, now: Date, access: AccessScope) {
  const count = await countReportFindings(db, params, now, access);
  if (count > getConfig().RAMPART_REPORT_STREAM_MAX_FINDINGS) return count;
  return buildReportViewModel(db, params, { now, generatedBy: actor.name || actor.email, access });
}

// ───────────────────────────── schedule management ─────────────────────────────


export interface ReportScheduleDto {
  id: string;
  name: string;
  cron: string;
  frequency: 'weekly' | 'monthly' | 'custom';
  timezone: string;
  params: ReportParams;
  webhook: { id: string; name: string } | null;
  /** The teams whose part of the fleet its reports cover (empty: the fleet). */
  teamIds: string[];
  /** Their names now. */
  teams: string[];
  enabled: boolean;
  lastRunAt: string | null;
  nextRunAt: string | null;
  createdBy: string | null;
}

export class ReportScheduleError extends AppError {
  constructor(status: 400 | 404, message: string) {
    super(status, message, 'report-schedule');
  }
}

/** Report schedules the access scope may see (those of teams that are all theirs, as for reports: ./access.ts), oldest first. */
export async function listReportSchedules(db: Db, now = new Date(), access: AccessScope = FLEET): Promise<ReportScheduleDto[]> {
  const rows = (
    await db.reportSchedule.findMany({
      where: access.kind === 'fleet' ? {} : { teamIds: { hasSome: access.teams.map((t) => t.id) } },
      orderBy: { createdAt: 'asc' },
      include: { webhook: { select: { id: true, name: true } }, createdBy: { select: { name: true, email: true } } },
    })
  ).filter((r) => mayReadReport(access, r.teamIds));
  const teamNames = new Map((await db.team.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => r.teamIds))] } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  return rows.map((r) => {
    let next: Date | null = null;
    try {
      next = nextRunAfter(r.cron, r.timezone, r.lastRunAt && r.lastRunAt > now ? r.lastRunAt : now);
    } catch {
      next = null;
    }
    const parsed = reportParamsSchema.safeParse(r.params);
    const frequency = r.cron === SCHEDULE_FREQUENCIES.weekly.cron ? 'weekly' : r.cron === SCHEDULE_FREQUENCIES.monthly.cron ? 'monthly' : 'custom';
    return {
      id: r.id,
      name: r.name,
      cron: r.cron,
      frequency,
      timezone: r.timezone,
      params: parsed.success ? parsed.data : reportParamsSchema.parse({}),
      webhook: r.webhook,
      teamIds: r.teamIds,
      teams: r.teamIds.flatMap((id) => teamNames.get(id) ?? []).sort(),
      enabled: r.enabled,
      lastRunAt: r.lastRunAt?.toISOString() ?? null,
      nextRunAt: next?.toISOString() ?? null,
      createdBy: r.createdBy?.name || r.createdBy?.email || null,
    };
  });
}

/**
 * Creates a weekly / monthly report schedule (scope and webhook validated; audited
 * "report_schedule.created"). A team member's schedule is recorded for their teams
 * (ReportSchedule.teamIds, as their on-demand reports: ./access.ts): its reports cover their teams'
 * part of the fleet, and it may deliver only to a webhook narrowed to its one team (webhooks are an
 * admin's choice of receiver; a team's webhook gets only that team's reports).
 */
export async function createReportSchedule(db: Db, input: ReportScheduleInput, actor: SessionUser, ip: string | null, access: AccessScope = FLEET): Promise<ReportScheduleDto> {
  const data = reportScheduleInputSchema.parse(input);
  const freq = SCHEDULE_FREQUENCIES[data.frequency];
  const params = reportParamsSchema.parse({ days: freq.days, ...Object.fromEntries(Object.entries(data.params).filter(([, v]) => v !== undefined)) });
  try {
    nextRunAfter(freq.cron, data.timezone, new Date());
  } catch (err) {
    throw new ReportScheduleError(400, (err as Error).message);
  }
  await clustersInScope(db, params, access).catch((err: Error) => {
    throw new ReportScheduleError(400, err.message);
  });
  const teamIds = reportTeamIds(access);
  if (data.webhookId) {
    const hook = await webhookFilterOf(db, data.webhookId);
    if (!hook) throw new ReportScheduleError(400, `No webhook with id "${data.webhookId}": create it under Settings → Webhooks first.`);
    if (!reportReachesFilter(hook, teamIds)) throw new ReportScheduleError(400, `${teamOnlyMessage(hook)} Choose another webhook${teamIds.length ? ' (one narrowed to your team)' : ' for a report of the fleet'}.`);
    if (teamIds.length && !hook.team) throw new ReportScheduleError(400, `The webhook "${hook.name}" receives the whole fleet's events: a team's schedule delivers only to a webhook narrowed to that team (an admin sets one up under Settings → Webhooks).`);
  }
  const row = await db.$transaction(async (tx) => {
    const r = await tx.reportSchedule.create({
      data: { name: data.name, cron: freq.cron, timezone: data.timezone, params: params as Prisma.InputJsonValue, webhookId: data.webhookId ?? null, createdById: actor.id, teamIds },
    });
    await recordAudit(tx, { actor, action: 'report_schedule.created', targetType: 'report_schedule', targetId: r.id, ip, details: { name: data.name, frequency: data.frequency, params, webhookId: data.webhookId ?? null, ...(teamIds.length ? { teamIds } : {}) } });
    return r;
  });
  const all = await listReportSchedules(db, new Date(), access);
  return all.find((s) => s.id === row.id) as ReportScheduleDto;
}

/** Deletes a schedule the access scope may see (another team's is "not found"); audited. */
export async function deleteReportSchedule(db: Db, id: string, actor: SessionUser, ip: string | null, access: AccessScope = FLEET): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.reportSchedule.findUnique({ where: { id }, select: { id: true, name: true, teamIds: true } });
    if (!existing || !mayReadReport(access, existing.teamIds)) throw new ReportScheduleError(404, `No report schedule with id "${id}".`);
    await tx.reportSchedule.delete({ where: { id } });
    await recordAudit(tx, { actor, action: 'report_schedule.deleted', targetType: 'report_schedule', targetId: id, ip, details: { name: existing.name } });
  });
}
