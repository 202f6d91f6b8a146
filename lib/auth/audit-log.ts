/**
 * Reading the audit trail (Settings → Audit log, admin only): newest first, filtered by
 * action (prefix, e.g. "user." or "auth.sign_in_failed"), actor email, target and time
 * range, paginated with a keyset cursor so deep pages stay fast.
 */
import { z } from 'zod';
import { dateInput } from '@/lib/api/input';
import { FRAMEWORKS } from '@/lib/frameworks';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

export const auditFilterSchema = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(320).optional(),
  targetType: z.string().trim().max(100).optional(),
  targetId: z.string().trim().max(200).optional(),
  from: dateInput.optional(),
  to: dateInput.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export interface AuditEventView {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** What people call the target (a user's email, a cluster's name…); null when unknown. */
  targetName: string | null;
  ip: string | null;
  details: unknown;
}

export interface AuditPage {
  events: AuditEventView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime())) return null;
  return { at, id };
}

export async function listAuditEvents(db: PrismaClient, raw: AuditFilter = {}): Promise<AuditPage> {
  const filter = auditFilterSchema.parse(raw);
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.action) and.push({ action: { startsWith: filter.action } });
  if (filter.actor) and.push({ actorEmail: { contains: filter.actor, mode: 'insensitive' } });
  if (filter.targetType) and.push({ targetType: filter.targetType });
  if (filter.targetId) and.push({ targetId: filter.targetId });
  if (filter.from) and.push({ at: { gte: filter.from } });
  if (filter.to) and.push({ at: { lte: filter.to } });
  const cursor = filter.cursor ? decodeCursor(filter.cursor) : null;
  if (cursor) and.push({ OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] });

  const rows = await db.auditEvent.findMany({
    where: and.length ? { AND: and } : {},
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const names = await targetNames(db, page);
  return {
    events: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorEmail: r.actorEmail,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetName: r.targetType && r.targetId ? (names.get(`${r.targetType}:${r.targetId}`) ?? null) : null,
      ip: r.ip,
      details: r.details,
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

/** A name recorded in an event's details (a deleted target is no longer in its table). */
function nameInDetails(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as Record<string, unknown>;
  for (const key of ['email', 'name']) if (typeof d[key] === 'string' && d[key]) return d[key];
  // An attestation is known by its framework and control ("CIS Kubernetes Benchmark v1.10 3.2.1").
  if (typeof d.framework === 'string' && typeof d.controlId === 'string') {
    const framework = FRAMEWORKS.find((f) => f.id === d.framework);
    return `${framework?.name ?? d.framework} ${d.controlId}`;
  }
  return null;
}

/** "type:id" → the name of the targets of a page of events: from their tables, else from the events' details. */
async function targetNames(db: PrismaClient, events: Array<{ targetType: string | null; targetId: string | null; details: unknown }>): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(events.filter((e) => e.targetType === type && e.targetId).map((e) => e.targetId!))];
  const [users, clusters, tokens, webhooks] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids('user') } }, select: { id: true, email: true } }),
    db.cluster.findMany({ where: { id: { in: ids('cluster') } }, select: { id: true, name: true } }),
    db.apiToken.findMany({ where: { id: { in: ids('api_token') } }, select: { id: true, name: true } }),
    db.webhook.findMany({ where: { id: { in: ids('webhook') } }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>();
  for (const e of events) {
    const name = e.targetType && e.targetId ? nameInDetails(e.details) : null;
    if (name && !names.has(`${e.targetType}:${e.targetId}`)) names.set(`${e.targetType}:${e.targetId}`, name);
  }
  for (const u of users) names.set(`user:${u.id}`, u.email);
  for (const c of clusters) names.set(`cluster:${c.id}`, c.name);
  for (const t of tokens) names.set(`api_token:${t.id}`, t.name);
  for (const w of webhooks) names.set(`webhook:${w.id}`, w.name);
  return names;
}

/** Distinct actions seen, for the filter drop-down. */
export async function listAuditActions(db: PrismaClient): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } });
  return rows.map((r) => r.action);
}
