/**
 * Sends one event to every enabled webhook subscribed to it (server-only). De-duplicated by the
 * envelope id: emitting the same event twice (a retried job, two workers) queues nothing new.
 * A webhook narrowed to a framework or a team gets its part of the event, or nothing
 * (lib/notifications/filters.ts: the caller says what the event is about).
 * Never throws: a notification problem must not fail the action that caused it.
 */
import { randomUUID } from 'node:crypto';
import { getConfig } from '../config';
import type { Db } from '../db';
import { log } from '../log';
import { createDeliveries } from './deliver';
import { dispatchDeliveries } from './dispatch';
import type { WebhookEnvelope, WebhookEvent } from './events';
import { envelopeForFilter, filterKey, isFiltered, type EventSubject, type WebhookFilter } from './filters';

export type { EventSubject } from './filters';

/** Absolute link to a Rampart page. */
export function appUrl(path: string): string {
  return `${getConfig().RAMPART_BASE_URL.replace(/\/$/, '')}${path}`;
}

export function envelopeOf(event: WebhookEvent, fields: { id?: string; summary: string; cluster?: { id: string; name: string } | null; url?: string | null; data: Record<string, unknown> }, now = new Date()): WebhookEnvelope {
  return { id: fields.id ?? `${event}:${randomUUID()}`, event, occurredAt: now.toISOString(), summary: fields.summary, cluster: fields.cluster ?? null, scan: null, url: fields.url ?? null, data: fields.data };
}

/** Queues deliveries of `envelope` (about `subject`) for the subscribed webhooks that have not had it yet; returns the new delivery ids. */
export async function emitWebhookEvent(db: Db, envelope: WebhookEnvelope, subject: EventSubject): Promise<string[]> {
  try {
    const hooks = await db.webhook.findMany({
      where: { enabled: true, events: { has: envelope.event } },
      select: { id: true, framework: true, control: true, team: { select: { id: true, name: true } } },
    });
    if (!hooks.length) return [];
    const already = await db.webhookDelivery.findMany({
      where: { webhookId: { in: hooks.map((h) => h.id) }, event: envelope.event, payload: { path: ['id'], equals: envelope.id } },
      select: { webhookId: true },
    });
    const sent = new Set(already.map((d) => d.webhookId));
    // Webhooks with the same filter share one narrowed envelope.
    const groups = new Map<string, { filter: WebhookFilter; ids: string[] }>();
    for (const h of hooks) {
      if (sent.has(h.id)) continue;
      const filter: WebhookFilter = { framework: h.framework, control: h.control, team: h.team };
      const group = groups.get(filterKey(filter)) ?? { filter, ids: [] };
      group.ids.push(h.id);
      groups.set(filterKey(filter), group);
    }
    const ids: string[] = [];
    for (const { filter, ids: hookIds } of groups.values()) {
      const narrowed = isFiltered(filter) ? await envelopeForFilter(db, envelope, subject, filter) : envelope;
      if (narrowed) ids.push(...(await createDeliveries(db, hookIds, narrowed)));
    }
    await dispatchDeliveries(db, ids);
    return ids;
  } catch (err) {
    log('notifications').error({ event: envelope.event, err: (err as Error).message }, 'webhook event could not be queued');
    return [];
  }
}
