/**
 * Input validation for accepted-risk exceptions (client-safe: no Node or database code, so the
 * AcceptRiskDialog validates with the same rules as the API).
 *
 * Two shapes:
 *   { findingIds: [...], reason, expiresAt }                     one exception per finding
 *   { checkId, clusterId?, namespacePattern?, labelSelector?,
 *     resourceNamePattern?, reason, expiresAt }                  one exception for a check
 * A reason is required (why the risk is accepted); an expiry is required and at most
 * MAX_EXCEPTION_DAYS ahead, so every accepted risk is reviewed again. A ticket link (http or
 * https) is optional. Either shape records a request that a second person approves or rejects
 * (decisionInputSchema).
 */
import { z } from 'zod';
import { isEmptySelector, parseLabelSelector } from '../k8s/label-selector';
import { globToRegExp } from './glob';
import { idSchema as anyIdSchema } from '../api/input';

export const MAX_EXCEPTION_DAYS = 366;
export const MAX_BULK_FINDINGS = 500;
const DAY_MS = 86_400_000;

const idSchema = anyIdSchema();

const reasonSchema = z
  .string()
  .trim()
  .min(10, 'Explain in at least 10 characters why this risk is accepted.')
  .max(2000, 'Keep the reason under 2000 characters.');

const expiresAtSchema = z.coerce
  .date({ message: 'Give an expiry date (ISO 8601).' })
  .refine((d) => d.getTime() > Date.now(), 'The expiry must be in the future.')
  .refine((d) => d.getTime() <= Date.now() + MAX_EXCEPTION_DAYS * DAY_MS, `An exception may last at most ${MAX_EXCEPTION_DAYS} days; renew it when it expires.`);

/** Shell glob over Kubernetes names: letters, digits, `.`, `-`, `_`, `*`, `?`. */
const globSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.\-_*?]+$/, 'Use a name or a glob: letters, digits, ".", "-", "_", "*" (any run) and "?" (one character).')
  .refine((g) => {
    try {
      globToRegExp(g);
      return true;
    } catch {
      return false;
    }
  }, 'Not a valid glob.');

const labelSelectorSchema = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .superRefine((value, ctx) => {
    try {
      if (isEmptySelector(parseLabelSelector(value))) ctx.addIssue({ code: 'custom', message: 'The label selector is empty.' });
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable().optional());

/** An http(s) link to the ticket that tracks the acceptance (Jira, GitHub, ServiceNow …). */
export const ticketUrlSchema = z
  .string()
  .trim()
  .max(2000, 'Keep the ticket link under 2000 characters.')
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Give the ticket as an http(s) link without credentials, e.g. https://jira.example.com/browse/SEC-42.');

export const findingExceptionsInputSchema = z.object({
  findingIds: z.array(idSchema).min(1, 'Select at least one finding.').max(MAX_BULK_FINDINGS, `At most ${MAX_BULK_FINDINGS} findings at once.`),
  reason: reasonSchema,
  expiresAt: expiresAtSchema,
  ticketUrl: optional(ticketUrlSchema),
});

export const checkExceptionInputSchema = z.object({
  checkId: z.string().trim().min(1).max(100).regex(/^[a-z0-9-]+$/, 'Not a check id.'),
  /** null / absent: every cluster. */
  clusterId: optional(idSchema),
  namespacePattern: optional(globSchema),
  labelSelector: optional(labelSelectorSchema),
  resourceNamePattern: optional(globSchema),
  reason: reasonSchema,
  expiresAt: expiresAtSchema,
  ticketUrl: optional(ticketUrlSchema),
});

export const createExceptionInputSchema = z.union([findingExceptionsInputSchema, checkExceptionInputSchema]);

export type FindingExceptionsInput = z.infer<typeof findingExceptionsInputSchema>;
export type CheckExceptionInput = z.infer<typeof checkExceptionInputSchema>;
export type CreateExceptionInput = z.infer<typeof createExceptionInputSchema>;

/** "requested" waits for a second person; only "active" excepts findings (lib/exceptions/dto.ts). */
export const EXCEPTION_STATUSES = ['active', 'expired', 'revoked', 'requested', 'rejected'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export const listExceptionsQuerySchema = z.object({
  status: z.enum([...EXCEPTION_STATUSES, 'all']).default('active'),
  clusterId: idSchema.optional(),
  checkId: z.string().max(100).optional(),
  findingId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: idSchema.optional(),
});
export type ListExceptionsQuery = z.infer<typeof listExceptionsQuerySchema>;

export const exceptionIdSchema = idSchema;

export const revokeExceptionInputSchema = z.object({ reason: z.string().trim().max(2000).optional() }).default({});

/** POST /api/exceptions/approve | /reject: the requests to decide and an optional note. */
export const decisionInputSchema = z.object({
  ids: z.array(idSchema).min(1, 'Name at least one exception request.').max(MAX_BULK_FINDINGS, `At most ${MAX_BULK_FINDINGS} requests at once.`),
  note: z.string().trim().max(2000, 'Keep the note under 2000 characters.').optional(),
});

/** PUT /api/settings/exceptions: the four-eyes policy (admin). */
export const exceptionPolicyInputSchema = z.object({ allowSelfApproval: z.boolean({ message: 'allowSelfApproval must be true or false.' }) });
export type ExceptionPolicyInput = z.infer<typeof exceptionPolicyInputSchema>;
