/** Glue for the /api/webhooks route handlers: WebhookError → HttpError. */
import { HttpError } from '@/lib/auth/api';
import { WebhookError } from './webhooks';

export async function webhooksHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WebhookError) throw new HttpError(err.status, err.message);
    throw err;
  }
}
