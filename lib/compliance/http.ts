/** Glue for the /api/compliance route handlers: query schemas and AttestationError → HttpError. */
import { z } from 'zod';
import { HttpError } from '@/lib/auth/api';
import { trendQuerySchema } from '@/lib/dashboard/trends-range';
import { FRAMEWORK_IDS } from '@/lib/frameworks';
import { AttestationError } from './attestations';

export const attestationIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not an attestation id.');

/** ?framework=&cluster=&range=|from=&to= (the trend window, as the trend charts take it). */
export const complianceQuerySchema = z.object({
  framework: z.enum(FRAMEWORK_IDS, { message: `Unknown framework; use one of ${FRAMEWORK_IDS.join(', ')}.` }).default('cis-1.10'),
  cluster: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a cluster id.').optional(),
  range: trendQuerySchema.shape.range,
  from: trendQuerySchema.shape.from,
  to: trendQuerySchema.shape.to,
});

export async function attestationsHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AttestationError) throw new HttpError(err.status, err.message);
    throw err;
  }
}
