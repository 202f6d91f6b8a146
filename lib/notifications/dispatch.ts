/**
 * How this process sends webhook deliveries: through the `webhook-delivery` queue when it runs the
 * notification worker (lib/jobs/notifications.ts registers it here), else in-process with bounded
 * retries. Kept apart from the queue so that services which emit events (exceptions, tickets)
 * need not import the worker.
 */
import type { Db } from '../db';
import { deliverWithRetries } from './deliver';

type Dispatch = (deliveryIds: string[]) => Promise<void>;

const holder = globalThis as typeof globalThis & { __rampartNotificationDispatch?: Dispatch };

export function setDeliveryDispatch(dispatch: Dispatch | undefined): void {
  holder.__rampartNotificationDispatch = dispatch;
}

/** Sends deliveries: through the queue when this process runs startNotificationWorker, else in-process. */
export async function dispatchDeliveries(db: Db, deliveryIds: string[]): Promise<void> {
  if (!deliveryIds.length) return;
  const dispatch = holder.__rampartNotificationDispatch;
  if (dispatch) {
    try {
      await dispatch(deliveryIds);
      return;
    } catch {
      // queue unavailable: fall through to in-process delivery
    }
  }
  for (const id of deliveryIds) {
    void deliverWithRetries(db, id).catch(() => undefined);
  }
}
