/** Glue for the /api/compliance route handlers: query schemas. */
import { z } from 'zod';
import { idSchema } from '@/lib/api/input';
import { trendQuerySchema } from '@/lib/dashboard/trends-range';
import { FRAMEWORK_IDS } from '@/lib/frameworks';

export const attestationIdSchema = idSchema('Not an attestation id.');

/** ?framework=&cluster=&range=|from=&to= (the trend window, as the trend charts take it). */
export const complianceQuerySchema = z.object({
  framework: z.enum(FRAMEWORK_IDS, { message: `Unknown framework; use one of ${FRAMEWORK_IDS.join(', ')}.` }).default('cis-1.10'),
  cluster: idSchema('Not a cluster id.').optional(),
  range: trendQuerySchema.shape.range,
  from: trendQuerySchema.shape.from,
  to: trendQuerySchema.shape.to,
});

