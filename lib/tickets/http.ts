/** Glue for the ticket route handlers: TicketError → HttpError. */
import { HttpError } from '@/lib/auth/api';
import { TicketError } from './index';

export async function ticketsHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TicketError) throw new HttpError(err.status, err.message);
    throw err;
  }
}
