/** Glue for the scan route handlers: enqueue errors → HttpError. */
import { z } from 'zod';
import { HttpError } from '@/lib/auth/api';
import { ScanEnqueueError } from '@/lib/jobs/scans';

export const scanIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a scan id.');

export const listScansQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: scanIdSchema.optional(),
});

export async function asScanHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ScanEnqueueError) throw new HttpError(err.status, err.message, err.code);
    throw err;
  }
}
