/** Glue for the /api/clusters/[id]/rbac route handlers: query schemas. */
import { z } from 'zod';
import { badRequest } from '../../api/errors';
import { idSchema } from '../../api/input';
import { RISKS_BY_ID } from '../../rbac/risks';

const scanId = idSchema('Not a scan id.');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const scanQuerySchema = z.object({ scan: scanId.optional(), includeSystem: flag.optional() });

export const graphQuerySchema = scanQuerySchema.extend({
  /** A ranked workload's id (WorkloadRisk): its attack path drawn on the graph of its scan. */
  path: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a workload risk id.').optional(),
  focus: optionalText(600),
  search: optionalText(200),
  hops: z.coerce.number().int().min(1).max(3).optional(),
  /** Without focus: how many of the riskiest subjects to start from (default DEFAULT_SEEDS). */
  top: z.coerce.number().int().min(1).max(200).optional(),
  namespace: optionalText(253),
  subjectKind: z.enum(['ServiceAccount', 'User', 'Group']).optional(),
  risk: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || RISKS_BY_ID.has(v), 'Unknown risk id.')
    .transform((v) => (v ? v : undefined)),
});

export const whoCanQuerySchema = scanQuerySchema.extend({
  verb: z.string().trim().min(1, 'Give a verb (get, list, create, ...).').max(64),
  resource: z.string().trim().min(1, 'Give a resource (pods, secrets, deployments.apps, pods/exec, /metrics).').max(253),
  namespace: optionalText(253),
  format: z.enum(['json', 'csv']).optional(),
});

export const riskyQuerySchema = scanQuerySchema.extend({ risk: graphQuerySchema.shape.risk });

export const changesQuerySchema = z.object({ from: scanId, to: scanId.optional(), includeSystem: flag.optional() });


/** The [key] segment of /rbac/subjects/[key]: `ServiceAccount:<ns>/<name>`, `User:<name>` or `Group:<name>`, URL-encoded. */
export function subjectKeyParam(raw: string | undefined): string {
  let key = raw ?? '';
  try {
    if (key.includes('%')) key = decodeURIComponent(key);
  } catch {
    throw badRequest('The subject key is not valid URL encoding.');
  }
  return z
    .string()
    .max(600)
    .regex(/^(ServiceAccount|User|Group):./, 'A subject key looks like ServiceAccount:<namespace>/<name>, User:<name> or Group:<name>.')
    .parse(key);
}
