/**
 * Why a scan failed, in words a user can act on, and whether trying again could help.
 * Client-safe (no server imports): the UI shows `errorCode` labels from here.
 */

export const SCAN_ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'unreachable',
  'tls',
  'timeout',
  'server',
  'invalid-response',
  'credentials',
  'database',
  'interrupted',
  'cancelled',
  'internal',
] as const;
export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[number];

/** Short labels for the scans table. */
export const SCAN_ERROR_LABELS: Record<ScanErrorCode, string> = {
  unauthorized: 'Credentials rejected',
  forbidden: 'Access denied',
  unreachable: 'Cluster unreachable',
  tls: 'TLS verification failed',
  timeout: 'API server timed out',
  server: 'API server error',
  'invalid-response': 'Unreadable API response',
  credentials: 'Unusable credentials',
  database: 'Database unavailable',
  interrupted: 'Scan interrupted',
  cancelled: 'Cancelled',
  internal: 'Internal error',
};

/** Codes the queue retries (with backoff) before giving up. */
export const TRANSIENT_SCAN_ERRORS: ReadonlySet<ScanErrorCode> = new Set<ScanErrorCode>([
  'unreachable',
  'timeout',
  'server',
  'invalid-response',
  'database',
  'interrupted',
]);

/** A scan attempt failed. `message` is user-facing and never holds credentials. */
export class ScanRunError extends Error {
  readonly code: ScanErrorCode;
  /** True when the scan went back to "queued" and the queue should retry it. */
  readonly retrying: boolean;
  /** Not worth a retry by the queue even if the code usually is (e.g. the stall bound was spent). */
  readonly final: boolean;
  constructor(code: ScanErrorCode, message: string, options: { retrying?: boolean; cause?: unknown; final?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ScanRunError';
    this.code = code;
    this.retrying = options.retrying ?? false;
    this.final = options.final ?? false;
  }
  get transient(): boolean {
    return !this.final && TRANSIENT_SCAN_ERRORS.has(this.code);
  }
}

/** The scan is not runnable (deleted, or already finished by another attempt): nothing to do. */
export class ScanNotRunnableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanNotRunnableError';
  }
}
