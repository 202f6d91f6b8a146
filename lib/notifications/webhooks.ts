/**
 * Webhook settings (server-only): create / list / update / delete, the delivery log, and the
 * "Send test" action. The signing secret is generated here (`whsec_` + 32 random bytes),
 * stored encrypted (lib/crypto/secret-box) and returned only by create and by a rotation.
 * Audited: webhook.created / webhook.updated / webhook.deleted / webhook.tested (details name
 * the receiver's host, never the full URL — Slack-style URLs embed a token — and the filters).
 * Filters (framework, control, team: lib/notifications/filters.ts) are validated here against
 * the stored webhook on update; an unknown team is a 400.
 */
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../auth/audit';
import type { SessionUser } from '../auth/types';
import { encryptSecret } from '../crypto/secret-box';
import type { Db, Prisma } from '../db';
import { attemptDelivery, createDeliveries } from './deliver';
import type { WebhookEnvelope } from './events';
import { webhookFilterProblem, type WebhookInput, type WebhookUpdate } from './schema';
import { FRAMEWORKS, type FrameworkId } from '../frameworks';
import { AppError } from '../api/errors';

export class WebhookError extends AppError {
  constructor(status: 400 | 404, message: string) {
    super(status, message);
  }
}

export interface WebhookActionContext {
  actor: SessionUser | null;
  ip?: string | null;
}

export interface WebhookDeliveryDto {
  id: string;
  event: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  responseCode: number | null;
  error: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface WebhookDto {
  id: string;
  name: string;
  url: string;
  format: 'generic' | 'slack';
  events: string[];
  enabled: boolean;
  /** Only events about findings of the checks assessing this framework (null: every check)… */
  framework: string | null;
  /** …or this one control of it. */
  control: string | null;
  /** Only events about findings this team owns (null: the whole fleet). */
  team: { id: string; name: string } | null;
  hasSecret: boolean;
  createdBy: { id: string; name: string; email: string } | null;
  createdAt: string;
  updatedAt: string;
  lastDelivery: WebhookDeliveryDto | null;
}

const DELIVERY_SELECT = { id: true, event: true, status: true, attempts: true, responseCode: true, error: true, createdAt: true, deliveredAt: true } as const;

const WEBHOOK_INCLUDE = {
  createdBy: { select: { id: true, name: true, email: true } },
  team: { select: { id: true, name: true } },
  deliveries: { orderBy: { createdAt: 'desc' }, take: 1, select: DELIVERY_SELECT },
} satisfies Prisma.WebhookInclude;

type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof DELIVERY_SELECT }>;

function deliveryDto(d: DeliveryRow): WebhookDeliveryDto {
  return { ...d, createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null };
}

function webhookDto(w: Prisma.WebhookGetPayload<{ include: typeof WEBHOOK_INCLUDE }>): WebhookDto {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    format: w.format,
    events: w.events,
    enabled: w.enabled,
    framework: w.framework,
    control: w.control,
    team: w.team,
    hasSecret: Boolean(w.secret),
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    lastDelivery: w.deliveries[0] ? deliveryDto(w.deliveries[0]) : null,
  };
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** What Settings › Webhooks offers as filters: each framework with the controls a check assesses, and the teams. */
export interface WebhookFilterOptions {
  frameworks: Array<{ id: string; name: string; controls: Array<{ id: string; title: string }> }>;
  teams: Array<{ id: string; name: string }>;
}

export async function webhookFilterOptions(db: Db): Promise<WebhookFilterOptions> {
  return {
    frameworks: FRAMEWORKS.map((f) => ({ id: f.id, name: f.name, controls: f.controls.filter((c) => c.checks.length).map((c) => ({ id: c.id, title: c.title })) })),
    teams: await db.team.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  };
}

/** The filters as the audit log records them. */
function filtersOf(w: { framework: string | null; control: string | null; team: { id: string; name: string } | null }): Record<string, unknown> {
  return { framework: w.framework, control: w.control, team: w.team };
}

/** The team of a filter, or a 400 when there is no such team. */
async function teamOf(tx: Db | Prisma.TransactionClient, teamId: string): Promise<{ id: string; name: string }> {
  const team = await tx.team.findUnique({ where: { id: teamId }, select: { id: true, name: true } });
  if (!team) throw new WebhookError(400, `No team with id "${teamId}": create it under Settings › Teams first.`);
  return team;
}

export async function listWebhooks(db: Db): Promise<WebhookDto[]> {
  const rows = await db.webhook.findMany({ include: WEBHOOK_INCLUDE, orderBy: { createdAt: 'asc' } });
  return rows.map(webhookDto);
}

export async function getWebhook(db: Db, id: string): Promise<WebhookDto | null> {
  const row = await db.webhook.findUnique({ where: { id }, include: WEBHOOK_INCLUDE });
  return row ? webhookDto(row) : null;
}

/** Creates a webhook; `secret` is returned here once and never again. */
export async function createWebhook(db: Db, input: WebhookInput, ctx: WebhookActionContext): Promise<{ webhook: WebhookDto; secret: string }> {
  const secret = newSecret();
  const row = await db.$transaction(async (tx) => {
    if (input.teamId) await teamOf(tx, input.teamId);
    const created = await tx.webhook.create({
      data: {
        name: input.name,
        url: input.url,
        format: input.format,
        events: input.events,
        enabled: input.enabled,
        framework: input.framework ?? null,
        control: input.framework ? (input.control ?? null) : null,
        teamId: input.teamId ?? null,
        secret: encryptSecret(secret),
        createdById: ctx.actor?.id ?? null,
      },
      include: WEBHOOK_INCLUDE,
    });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: 'webhook.created', targetType: 'webhook', targetId: created.id, details: { name: input.name, host: host(input.url), format: input.format, events: input.events, filters: filtersOf(created) } });
    return created;
  });
  return { webhook: webhookDto(row), secret };
}

export async function updateWebhook(db: Db, id: string, input: WebhookUpdate, ctx: WebhookActionContext): Promise<{ webhook: WebhookDto; secret?: string }> {
  const secret = input.rotateSecret ? newSecret() : undefined;
  const row = await db.$transaction(async (tx) => {
    const existing = await tx.webhook.findUnique({ where: { id }, select: { id: true, url: true, framework: true, control: true } });
    if (!existing) throw new WebhookError(404, `No webhook with id "${id}".`);
    // A new framework without a control drops the old control (it belonged to the old framework).
    const framework = input.framework !== undefined ? input.framework : (existing.framework as FrameworkId | null);
    const control = input.control !== undefined ? input.control : input.framework !== undefined && input.framework !== existing.framework ? null : existing.control;
    const problem = webhookFilterProblem({ framework, control });
    if (problem) throw new WebhookError(400, problem);
    if (input.teamId) await teamOf(tx, input.teamId);
    const updated = await tx.webhook.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.format !== undefined ? { format: input.format } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        framework,
        control: framework ? control : null,
        ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
        ...(secret ? { secret: encryptSecret(secret) } : {}),
      },
      include: WEBHOOK_INCLUDE,
    });
    const changed = Object.keys(input).filter((k) => k !== 'rotateSecret' && input[k as keyof WebhookUpdate] !== undefined);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'webhook.updated',
      targetType: 'webhook',
      targetId: id,
      details: { changed, host: host(updated.url), filters: filtersOf(updated), ...(secret ? { signingKeyRotated: true } : {}) },
    });
    return updated;
  });
  return { webhook: webhookDto(row), ...(secret ? { secret } : {}) };
}

export async function deleteWebhook(db: Db, id: string, ctx: WebhookActionContext): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.webhook.findUnique({ where: { id }, select: { name: true, url: true, framework: true, control: true, team: { select: { id: true, name: true } } } });
    if (!existing) throw new WebhookError(404, `No webhook with id "${id}".`);
    await tx.webhook.delete({ where: { id } });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: 'webhook.deleted', targetType: 'webhook', targetId: id, details: { name: existing.name, host: host(existing.url), filters: filtersOf(existing) } });
  });
}

export async function listDeliveries(db: Db, webhookId: string, limit = 50): Promise<WebhookDeliveryDto[]> {
  const exists = await db.webhook.findUnique({ where: { id: webhookId }, select: { id: true } });
  if (!exists) throw new WebhookError(404, `No webhook with id "${webhookId}".`);
  const rows = await db.webhookDelivery.findMany({ where: { webhookId }, orderBy: { createdAt: 'desc' }, take: limit, select: DELIVERY_SELECT });
  return rows.map(deliveryDto);
}

/** Sends a "test" event now (one attempt, answered synchronously) and records it in the log. */
export async function sendTestWebhook(db: Db, id: string, ctx: WebhookActionContext, options: { timeoutMs?: number } = {}): Promise<WebhookDeliveryDto> {
  const hook = await db.webhook.findUnique({ where: { id }, select: { id: true, name: true, url: true } });
  if (!hook) throw new WebhookError(404, `No webhook with id "${id}".`);
  const now = new Date();
  const envelope: WebhookEnvelope = {
    id: `test:${now.getTime()}`,
    event: 'test',
    occurredAt: now.toISOString(),
    summary: `Test message from Rampart for webhook "${hook.name}"`,
    cluster: null,
    scan: null,
    url: null,
    data: { sentBy: ctx.actor?.email ?? null },
  };
  const [deliveryId] = await createDeliveries(db, [hook.id], envelope);
  await attemptDelivery(db, deliveryId!, { final: true, timeoutMs: options.timeoutMs });
  await recordAudit(db, { actor: ctx.actor, ip: ctx.ip, action: 'webhook.tested', targetType: 'webhook', targetId: id, details: { host: host(hook.url) } });
  const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId! }, select: DELIVERY_SELECT });
  return deliveryDto(row);
}
