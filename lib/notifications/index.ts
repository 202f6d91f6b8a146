/**
 * Notifications (server-only): outgoing webhooks for scan events.
 *
 *   notifyScanFinished(db, scanId)          after a scan reached succeeded / failed (never throws)
 *   startNotificationWorker({ db, boss })   webhook-delivery queue + exceptions sweep cron
 *   createWebhook / updateWebhook / deleteWebhook / listWebhooks / listDeliveries / sendTestWebhook
 *
 * Client components import './events' and './schema' directly.
 */
export * from './events';
export * from './schema';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody, verifyWebhookSignature } from './signature';
export { attemptDelivery, deliverWithRetries, createDeliveries, DELIVERY_TIMEOUT_MS, type AttemptResult } from './deliver';
export { computeScanEvents, notifyScanFinished, type ScanNotification } from './scan-events';
export {
  dispatchDeliveries,
  startNotificationWorker,
  WEBHOOK_DELIVERY_QUEUE,
  EXCEPTIONS_SWEEP_QUEUE,
  EXCEPTIONS_SWEEP_CRON,
  DEFAULT_DELIVERY_QUEUE_SETTINGS,
  type NotificationWorker,
  type NotificationWorkerOptions,
} from './queue';
export {
  createWebhook,
  updateWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  listDeliveries,
  sendTestWebhook,
  WebhookError,
  type WebhookDto,
  type WebhookDeliveryDto,
  type WebhookActionContext,
} from './webhooks';
