/**
 * Sending one webhook delivery (server-only). A WebhookDelivery row holds the event envelope;
 * the webhook's format (generic JSON / Slack) is applied when sending, the body is signed with
 * the webhook's secret (lib/notifications/signature.ts) and POSTed with a 10 s timeout.
 *
 * - 2xx → succeeded. Redirects are not followed (a 3xx is a failure: configure the final URL).
 * - Network errors, timeouts, 408, 429 and 5xx are retryable; other 4xx are not (retrying
 *   would fail the same way) and fail the delivery at once.
 * - Each attempt increments `attempts` and records the response code / error; error texts name
 *   the failure (status code, network error code), never the URL, headers or secret.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db';
import { decryptSecret } from '../crypto/secret-box';
import { renderPayload, type WebhookEnvelope } from './events';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './signature';

export const DELIVERY_TIMEOUT_MS = 10_000;

export interface AttemptResult {
  ok: boolean;
  /** Worth trying again later. */
  retryable: boolean;
  status: 'pending' | 'succeeded' | 'failed';
  responseCode: number | null;
  error: string | null;
}

export interface AttemptOptions {
  /** Last attempt: a retryable failure becomes "failed" instead of staying "pending". */
  final: boolean;
  timeoutMs?: number;
}

function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; errors?: Array<{ code?: string }> } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'No response within the time limit.';
  const code = e?.cause?.code ?? e?.cause?.errors?.find((x) => x?.code)?.code;
  if (code === 'ECONNREFUSED') return 'Connection refused (ECONNREFUSED): is the receiver running?';
  if (code === 'ENOTFOUND') return 'Host not found (ENOTFOUND): check the URL.';
  if (code) return `Network error (${code}).`;
  return 'Network error: the request could not be sent.';
}

/** Makes one attempt of delivery `deliveryId` and records its outcome. */
export async function attemptDelivery(db: Db, deliveryId: string, options: AttemptOptions): Promise<AttemptResult> {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, event: true, payload: true, status: true, webhook: { select: { id: true, url: true, format: true, secret: true, enabled: true } } },
  });
  if (!delivery) return { ok: false, retryable: false, status: 'failed', responseCode: null, error: 'The delivery no longer exists (its webhook was deleted).' };
  if (delivery.status !== 'pending') return { ok: delivery.status === 'succeeded', retryable: false, status: delivery.status, responseCode: null, error: null };
  const { webhook } = delivery;

  let result: Omit<AttemptResult, 'status'>;
  if (!webhook.enabled && delivery.event !== 'test') {
    result = { ok: false, retryable: false, responseCode: null, error: 'The webhook is disabled.' };
  } else {
    const body = renderPayload(webhook.format, delivery.payload as unknown as WebhookEnvelope);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Rampart-Webhooks/1',
      'x-rampart-event': delivery.event,
      'x-rampart-delivery': delivery.id,
      [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
    };
    if (webhook.secret) headers[SIGNATURE_HEADER.toLowerCase()] = signWebhookBody(decryptSecret(webhook.secret), timestamp, body);
    try {
      const res = await fetch(webhook.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS) });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) result = { ok: true, retryable: false, responseCode: res.status, error: null };
      else {
        const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
        const error = res.status >= 300 && res.status < 400 ? `HTTP ${res.status}: redirects are not followed; configure the final URL.` : `HTTP ${res.status} from the receiver.`;
        result = { ok: false, retryable, responseCode: res.status, error };
      }
    } catch (err) {
      result = { ok: false, retryable: true, responseCode: null, error: describeNetworkError(err) };
    }
  }
  const status: AttemptResult['status'] = result.ok ? 'succeeded' : result.retryable && !options.final ? 'pending' : 'failed';
  await db.webhookDelivery.update({
    where: { id: deliveryId },
    data: { attempts: { increment: 1 }, status, responseCode: result.responseCode, error: result.error, deliveredAt: result.ok ? new Date() : null },
  });
  return { ...result, status };
}

export interface RetryOptions {
  attempts?: number;
  /** First wait between attempts, doubled each time. */
  baseDelayMs?: number;
  timeoutMs?: number;
}

/** In-process delivery with bounded exponential-backoff retries (used when no job queue is available). */
export async function deliverWithRetries(db: Db, deliveryId: string, options: RetryOptions = {}): Promise<AttemptResult> {
  const attempts = options.attempts ?? 3;
  let delay = options.baseDelayMs ?? 2_000;
  for (let i = 1; ; i++) {
    const r = await attemptDelivery(db, deliveryId, { final: i >= attempts, timeoutMs: options.timeoutMs });
    if (r.status !== 'pending') return r;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
}

/** Creates pending deliveries of `envelope` for `webhookIds`; returns their ids. */
export async function createDeliveries(db: Db, webhookIds: string[], envelope: WebhookEnvelope): Promise<string[]> {
  const rows = webhookIds.map((webhookId) => ({ id: randomUUID(), webhookId, event: envelope.event, payload: envelope as unknown as Prisma.InputJsonValue, status: 'pending' as const }));
  if (rows.length) await db.webhookDelivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}
