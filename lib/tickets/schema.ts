/**
 * Ticket-link input (client-safe). A target is a selection of findings (up to MAX_BULK_FINDINGS)
 * or a group: the open findings of one check in one cluster.
 */
import { z } from 'zod';
import { MAX_BULK_FINDINGS, ticketUrlSchema } from '../exceptions/schema';

const id = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'Not an id.');

export const ticketTargetSchema = z.union([
  z.object({ findingIds: z.array(id).min(1, 'Select at least one finding.').max(MAX_BULK_FINDINGS, `At most ${MAX_BULK_FINDINGS} findings at once.`) }).strict(),
  z.object({ clusterId: id, checkId: id }).strict(),
]);

export const setTicketLinkSchema = z.object({
  target: ticketTargetSchema,
  /** The ticket (http/https, no credentials); null removes the link. */
  url: ticketUrlSchema.nullable(),
});

export const requestTicketSchema = z.object({ target: ticketTargetSchema });

export type TicketTarget = z.infer<typeof ticketTargetSchema>;
export type SetTicketLinkInput = z.infer<typeof setTicketLinkSchema>;
