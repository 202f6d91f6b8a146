/** Glue for the /api/exceptions route handlers: ExceptionError → HttpError, audit context. */
import { HttpError } from '@/lib/auth/api';
import { ExceptionError } from './index';

export async function exceptionsHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExceptionError) throw new HttpError(err.status, err.message);
    throw err;
  }
}
