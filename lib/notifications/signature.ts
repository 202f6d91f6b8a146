/**
 * Webhook request signing. Every delivery carries
 *
 *   X-Rampart-Timestamp: <unix seconds when this attempt was sent>
 *   X-Rampart-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is inside the signed bytes, so a receiver that rejects timestamps older than a
 * few minutes (verifyWebhookSignature's `toleranceSeconds`) cannot be fed a captured request
 * again later. Receivers compare in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Rampart-Signature';
export const TIMESTAMP_HEADER = 'X-Rampart-Timestamp';

export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Receiver side (documented for integrators, used by the tests). */
export function verifyWebhookSignature(secret: string, headers: { signature: string | null; timestamp: string | null }, body: string, opts: { now?: number; toleranceSeconds?: number } = {}): boolean {
  if (!headers.signature || !headers.timestamp || !/^\d+$/.test(headers.timestamp)) return false;
  const ts = Number(headers.timestamp);
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhookBody(secret, ts, body));
  const got = Buffer.from(headers.signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
