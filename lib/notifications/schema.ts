/**
 * Webhook settings validation (client-safe). URLs must be http(s) without embedded
 * credentials. Admins configure webhooks, and Rampart POSTs to exactly the URL given (no
 * redirects followed) — pointing one at an internal address is an admin decision, which is why
 * only admins may create or change webhooks (a team's webhook too: team admins cannot).
 *
 * Filters (all optional, null: not narrowed): `framework` (a lib/frameworks id) and `control` (one
 * of its controls that a check assesses), `teamId` (a team). Whether the team exists is the
 * service's question (lib/notifications/webhooks.ts).
 */
import { z } from 'zod';
import { SUBSCRIBABLE_EVENTS } from './events';
import { idSchema } from '../api/input';
import { findControl, FRAMEWORK_IDS, type FrameworkId } from '../frameworks';

export interface WebhookFilterInput {
  framework?: FrameworkId | null;
  control?: string | null;
}

/** Why a control filter is not acceptable with this framework (a sentence for a 400), or null. */
export function webhookFilterProblem({ framework, control }: WebhookFilterInput): string | null {
  if (!control) return null;
  if (!framework) return 'A control filter needs a framework.';
  const found = findControl(framework, control);
  if (!found) return `The framework ${framework} has no control "${control.slice(0, 64)}".`;
  if (!found.checks.length) return `No check assesses ${framework} control ${control} (${found.assessment === 'manual' ? 'a person attests it' : found.assessment === 'node-access' ? 'it needs node access' : 'not covered yet'}), so a webhook narrowed to it would receive nothing.`;
  return null;
}

const frameworkField = z
  .enum(FRAMEWORK_IDS, { error: (issue) => `Unknown framework ${JSON.stringify(String(issue.input).slice(0, 64))}: use one of ${FRAMEWORK_IDS.join(', ')}.` })
  .nullable()
  .optional();
const controlField = z.string().trim().min(1, 'Name a control, or send null for none.').max(64).nullable().optional();
const teamField = idSchema('Not a team id.').nullable().optional();

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
  framework: frameworkField,
  control: controlField,
  teamId: teamField,
}).superRefine((v, ctx) => {
  const problem = webhookFilterProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['control'] });
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
  /** null removes the filter; changing the framework without naming a control removes the control. */
  framework: frameworkField,
  control: controlField,
  teamId: teamField,
  /** Generate a new signing secret (shown once in the response). */
  rotateSecret: z.boolean().optional(),
});

export const webhookIdSchema = idSchema('Not a webhook id.');

export type WebhookInput = z.infer<typeof webhookInputSchema>;
export type WebhookUpdate = z.infer<typeof webhookUpdateSchema>;
