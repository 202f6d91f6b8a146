/** Glue for the scan route handlers: the scan id and list query parameters. */
import { z } from 'zod';
import { idSchema } from '@/lib/api/input';

export const scanIdSchema = idSchema('Not a scan id.');

export const listScansQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: scanIdSchema.optional(),
});

