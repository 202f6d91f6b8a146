/**
 * Webhook settings validation (client-safe). URLs must be http(s) without embedded
 * credentials. Admins configure webhooks, and Rampart POSTs to exactly the URL given (no
 * redirects followed) — pointing one at an internal address is an admin decision, which is why
 * only admins may create or change webhooks.
 */
import { z } from 'zod';
import { SUBSCRIBABLE_EVENTS } from './events';
import { idSchema } from '../api/input';

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .url('Enter a full URL, e.g. https://hooks.example.com/rampart.')
  .refine((u) => /^https?:$/.test(new URL(u).protocol), 'Only http:// and https:// URLs can receive webhooks.')
  .refine((u) => !new URL(u).username && !new URL(u).password, 'Do not put credentials in the URL; use the signing secret to authenticate Rampart.');

export const webhookInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the webhook.').max(100),
  url: webhookUrlSchema,
  format: z.enum(['generic', 'slack']).default('generic'),
  events: z.array(z.enum(SUBSCRIBABLE_EVENTS)).min(1, 'Choose at least one event.').transform((e) => [...new Set(e)]),
  enabled: z.boolean().default(true),
});

export const webhookUpdateSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  url: webhookUrlSchema.optional(),
  format: z.enum(['generic', 'slack']).optional(),
  events: z
    .array(z.enum(SUBSCRIBABLE_EVENTS))
    .min(1, 'Choose at least one event.')
    .transform((e) => [...new Set(e)])
    .optional(),
  enabled: z.boolean().optional(),
  /** Generate a new signing secret (shown once in the response). */
  rotateSecret: z.boolean().optional(),
});

export const webhookIdSchema = idSchema('Not a webhook id.');

export type WebhookInput = z.infer<typeof webhookInputSchema>;
export type WebhookUpdate = z.infer<typeof webhookUpdateSchema>;
