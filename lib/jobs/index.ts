/**
 * Scheduling and workers on pg-boss (server-only). Client code imports './schedule' directly. The
 * notification and report jobs are in './notifications' and './reports' (imported by the worker
 * only, so that route handlers do not load the webhook and PDF code).
 */
export { SCAN_QUEUE, SCAN_TICK_QUEUE, DEFAULT_SCAN_QUEUE_SETTINGS, createBoss, ensureQueues, getBoss, stopBoss, type ScanJobData, type ScanQueueSettings, type CreateBossOptions } from './boss';
export {
  enqueueScan,
  handleScanJob,
  recoverScans,
  runScheduleTick,
  startScanWorker,
  ScanEnqueueError,
  type EnqueueScanInput,
  type EnqueueScanResult,
  type RecoveryResult,
  type ScanJobOutcome,
  type ScanTriggerInput,
  type ScanWorker,
  type ScanWorkerOptions,
  type ScheduleTickResult,
} from './scans';
export { describeSchedule, nextRunAfter, scheduleCron, ScheduleError, type ScheduleDescription } from './schedule';
export { ensureQueue, type QueueOptions } from './queue';
