/**
 * How this process asks the e-mail worker for work: startEmailWorker registers a sender here; a
 * process without one (no SMTP configured, or no worker) sends no e-mail.
 */
type Enqueue = (queue: string, data: object) => Promise<void>;

export const EMAIL_DIGEST_QUEUE = 'email-digest';
export const EMAIL_ALERTS_QUEUE = 'email-scan-alerts';

const holder = globalThis as typeof globalThis & { __rampartEmailEnqueue?: Enqueue };

export function setEmailEnqueue(enqueue: Enqueue | undefined): void {
  holder.__rampartEmailEnqueue = enqueue;
}

/** Asks the worker to send the immediate alerts of a finished scan (nothing when e-mail is off here). */
export async function queueScanAlerts(scanId: string): Promise<void> {
  await holder.__rampartEmailEnqueue?.(EMAIL_ALERTS_QUEUE, { scanId });
}
