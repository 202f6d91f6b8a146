/**
 * Notifications (server-only): outgoing webhooks for scan events.
 *
 *   notifyScanFinished(db, scanId)          after a scan reached succeeded / failed (never throws)
 *   createWebhook / updateWebhook / deleteWebhook / listWebhooks / listDeliveries / sendTestWebhook
 *
 * The webhook-delivery, exceptions-sweep, reminder and e-mail queues are jobs: lib/jobs/notifications.ts, lib/jobs/email.ts.
 * Client components import './events' and './schema' directly.
 */
export * from './events';
export * from './schema';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody, verifyWebhookSignature } from './signature';
export { attemptDelivery, deliverWithRetries, createDeliveries, DELIVERY_TIMEOUT_MS, type AttemptResult } from './deliver';
export { computeScanEvents, notifyScanFinished, type ScanNotification } from './scan-events';
export { dispatchDeliveries } from './dispatch';
export {
  createWebhook,
  updateWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  listDeliveries,
  sendTestWebhook,
  webhookFilterOptions,
  WebhookError,
  type WebhookDto,
  type WebhookDeliveryDto,
  type WebhookActionContext,
  type WebhookFilterOptions,
} from './webhooks';
export type { EventSubject, WebhookFilter } from './filters';
