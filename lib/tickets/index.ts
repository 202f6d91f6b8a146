/**
 * Ticket links (server-only). A finding, a bulk selection, or all open findings of one check in
 * one cluster can carry the URL of the external ticket tracking the fix (Finding.ticketUrl).
 * Setting or clearing it is audited ("finding.ticket_linked" / "finding.ticket_unlinked").
 *
 * "Request a ticket" sends the webhook event `finding.ticket_requested` with what a ticketing
 * bridge needs to open an issue (title, severity, remediation, owner, due date, links) and where
 * to report the ticket's URL back (PUT /api/findings/ticket). docs/TICKETS.md has a bridge.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../auth/audit';
import { hasRole } from '../auth/roles';
import type { SessionUser } from '../auth/types';
import { getCheck } from '../checks';
import { SEVERITIES } from '../checks/types';
import type { Db, Prisma } from '../db';
import { ownersOfNamespaces } from '../dashboard/namespaces';
import { resourceLabel } from '../dashboard/resource-label';
import { loadStaleExceptionIds, notExceptedWhereFor } from '../exceptions/active';
import { appUrl, emitWebhookEvent, envelopeOf } from '../notifications/emit';
import type { WebhookEnvelope } from '../notifications/events';
import { duesOfOpenFindings } from '../sla/due';
import { getSlaPolicies } from '../sla/settings';
import type { SlaPolicies } from '../sla/policy';
import { findingsInArea } from '../teams/area';
import { areaFor, type AccessScope } from '../teams/scope';
import type { SetTicketLinkInput, TicketTarget } from './schema';
import { MAX_BULK_FINDINGS } from '../exceptions/schema';
import { AppError } from '../api/errors';

export * from './schema';

/** Findings listed in one ticket request (the count is complete). */
export const TICKET_EVENT_ITEMS = 100;

export class TicketError extends AppError {
  constructor(status: 404 | 409, message: string) {
    super(status, message);
  }
}

export interface TicketContext {
  actor: SessionUser | null;
  ip?: string | null;
  /** The findings the caller may ticket (ticketableWhere); absent: all. */
  within?: Prisma.FindingWhereInput;
}

/**
 * Findings a caller may link or request tickets for: all of them with the fleet view; for a
 * team-scoped user, those inside the teams where they are an analyst or admin. Others are "not found".
 */
export async function ticketableWhere(db: Db, scope: AccessScope): Promise<Prisma.FindingWhereInput> {
  if (scope.kind === 'fleet') return {};
  const teams = new Set(scope.teams.filter((t) => hasRole(t.role, 'analyst')).map((t) => t.id));
  return findingsInArea(await areaFor(db, scope.rules.filter((r) => teams.has(r.teamId))));
}

function targetWhere(target: TicketTarget, within: Prisma.FindingWhereInput = {}): Prisma.FindingWhereInput {
  const where: Prisma.FindingWhereInput = 'findingIds' in target ? { id: { in: target.findingIds } } : { clusterId: target.clusterId, checkId: target.checkId, status: 'open' };
  return { AND: [where, within] };
}

function auditTarget(target: TicketTarget): { targetType: string; targetId: string } {
  if ('findingIds' in target) return target.findingIds.length === 1 ? { targetType: 'finding', targetId: target.findingIds[0]! } : { targetType: 'findings', targetId: `${target.findingIds.length} findings` };
  return { targetType: 'check', targetId: `${target.clusterId}/${target.checkId}` };
}

/** Sets (or with url null, removes) the ticket link of the target's findings; returns how many changed. */
export async function setTicketLink(db: Db, input: SetTicketLinkInput, ctx: TicketContext): Promise<{ findings: number }> {
  return db.$transaction(async (tx) => {
    const where = targetWhere(input.target, ctx.within);
    const found = await tx.finding.count({ where });
    if (!found) throw new TicketError(404, 'findingIds' in input.target ? 'None of these findings exists.' : 'This check has no open findings in this cluster.');
    const { count } = await tx.finding.updateMany({ where, data: { ticketUrl: input.url } });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: input.url ? 'finding.ticket_linked' : 'finding.ticket_unlinked',
      ...auditTarget(input.target),
      details: { url: input.url, findings: count, ...('findingIds' in input.target ? { findingIds: input.target.findingIds.slice(0, 50) } : input.target) },
    });
    return { findings: count };
  });
}

/** Sends `finding.ticket_requested` for the target's open, not excepted findings; returns the count and how many webhooks got it. */
export async function requestTicket(db: Db, target: TicketTarget, ctx: TicketContext, now = new Date()): Promise<{ findings: number; webhooks: number }> {
  const [stale, policies] = await Promise.all([loadStaleExceptionIds(db, now), getSlaPolicies(db)]);
  const where: Prisma.FindingWhereInput = { AND: [targetWhere(target, ctx.within), { status: 'open' }, notExceptedWhereFor(stale)] };
  const id = `finding.ticket_requested:${randomUUID()}`;
  const envelope = await ticketEvent(db, { id, target, where, policies, actor: ctx.actor, now });
  if (!envelope) throw new TicketError(409, 'There is no open finding to ticket here (resolved and excepted findings need none).');
  const count = envelope.data.count as number;
  // A webhook narrowed to a framework or a team gets a request for its part of the findings only.
  const narrowed = async (narrow: Prisma.FindingWhereInput) => {
    const part: Prisma.FindingWhereInput = { AND: [where, narrow] };
    // Its bridge reports the ticket back for these findings only, not the whole target.
    const ids = await db.finding.findMany({ where: part, orderBy: { id: 'asc' }, take: MAX_BULK_FINDINGS, select: { id: true } });
    return ids.length ? ticketEvent(db, { id, target, callbackTarget: { findingIds: ids.map((r) => r.id) }, where: part, policies, actor: ctx.actor, now }) : null;
  };
  const deliveries = await emitWebhookEvent(db, envelope, { kind: 'findings', narrowed });
  await recordAudit(db, { actor: ctx.actor, ip: ctx.ip, action: 'finding.ticket_requested', ...auditTarget(target), details: { findings: count, webhooks: deliveries.length, eventId: envelope.id } });
  return { findings: count, webhooks: deliveries.length };
}

interface TicketEventInput {
  id: string;
  target: TicketTarget;
  /** What the bridge reports the ticket back for (default: the target). */
  callbackTarget?: TicketTarget;
  /** The findings to ticket. */
  where: Prisma.FindingWhereInput;
  policies: SlaPolicies;
  actor: SessionUser | null;
  now: Date;
}

/** The `finding.ticket_requested` envelope for these findings; null when there is none. */
async function ticketEvent(db: Db, { id, target, callbackTarget = target, where, policies, actor, now }: TicketEventInput): Promise<WebhookEnvelope | null> {
  const [count, rows] = await Promise.all([
    db.finding.count({ where }),
    db.finding.findMany({
      where,
      orderBy: [{ severity: 'asc' }, { firstSeenAt: 'asc' }, { id: 'asc' }],
      take: TICKET_EVENT_ITEMS,
      select: { id: true, clusterId: true, severity: true, checkId: true, resourceKind: true, resourceNamespace: true, resourceName: true, manifestHash: true, firstSeenAt: true, ticketUrl: true, cluster: { select: { id: true, name: true } } },
    }),
  ]);
  if (!count || !rows.length) return null;
  const dues = await duesOfOpenFindings(db, policies, rows, now);
  const owners = await ownersOfNamespaces(db, [...new Map(rows.filter((r) => r.resourceNamespace).map((r) => [`${r.cluster.id}/${r.resourceNamespace}`, { clusterId: r.cluster.id, namespace: r.resourceNamespace! }])).values()]);
  const items = rows.map((r) => ({
    id: r.id,
    severity: r.severity,
    checkId: r.checkId,
    cluster: r.cluster.name,
    namespace: r.resourceNamespace,
    resource: resourceLabel({ kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName }, r.cluster.name),
    owner: r.resourceNamespace ? (owners.get(`${r.cluster.id}/${r.resourceNamespace}`) ?? null) : null,
    dueAt: dues.get(r.id)?.dueAt ?? null,
    url: appUrl(`/findings/${r.id}`),
    ticketUrl: r.ticketUrl,
  }));
  const checkIds = [...new Set(rows.map((r) => r.checkId))];
  const check = checkIds.length === 1 ? getCheck(checkIds[0]!) : undefined;
  const severity = SEVERITIES.find((s) => rows.some((r) => r.severity === s))!;
  const clusters = [...new Map(rows.map((r) => [r.cluster.id, r.cluster])).values()];
  const due = items.map((i) => i.dueAt).filter((d): d is string => Boolean(d)).sort()[0] ?? null;
  const ownerNames = [...new Set(items.map((i) => i.owner).filter((o): o is string => Boolean(o)))];
  const title = check
    ? `[${severity}] ${check.title}${count > 1 ? ` (${count} resources)` : ` — ${items[0]!.resource}`}${clusters.length === 1 ? ` in ${clusters[0]!.name}` : ''}`
    : `[${severity}] ${count} Rampart findings${clusters.length === 1 ? ` in ${clusters[0]!.name}` : ''}`;
  const link = 'findingIds' in target ? (count === 1 ? items[0]!.url : appUrl(`/findings?${checkIds.length === 1 ? `check=${encodeURIComponent(checkIds[0]!)}&` : ''}${clusters.length === 1 ? `cluster=${encodeURIComponent(clusters[0]!.id)}` : ''}`)) : appUrl(`/findings?cluster=${encodeURIComponent(target.clusterId)}&check=${encodeURIComponent(target.checkId)}`);
  return envelopeOf(
    'finding.ticket_requested',
    {
      id,
      summary: `Ticket requested: ${title}`,
      cluster: clusters.length === 1 ? clusters[0]! : null,
      url: link,
      data: {
        title,
        severity,
        count,
        check: check ? { id: check.id, title: check.title, guideRef: check.guideRef, description: check.description, remediation: { steps: check.remediation.steps, kubectl: check.remediation.kubectl ?? null } } : null,
        owner: ownerNames.length === 1 ? ownerNames[0] : ownerNames.length ? ownerNames : null,
        dueAt: due,
        link,
        findings: items,
        requestedBy: actor ? { name: actor.name, email: actor.email } : null,
        callback: { method: 'PUT', url: appUrl('/api/findings/ticket'), body: { target: callbackTarget, url: '<the ticket URL>' } },
      },
    },
    now,
  );
}
