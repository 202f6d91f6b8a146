/** OpenAPI paths of notifications, ticket links and the stale-exception report (merged into lib/api/openapi.ts). */
import { notificationPreferencesSchema } from '../notifications/email/preferences';
import { requestTicketSchema, setTicketLinkSchema } from '../tickets/schema';
import { anyObject, body, errors, json, ref, requestBody, role } from './openapi-helpers';

const list = { type: 'object', properties: { count: { type: 'integer' }, exceptions: { type: 'array', items: ref('Exception') } } };

export const notificationPaths = {
  '/api/users/me/notifications': {
    get: { tags: ['notifications'], summary: 'Your e-mail preferences', description: role('viewer'), responses: { 200: json({ type: 'object', properties: { preferences: anyObject } }), ...errors(401) } },
    put: {
      tags: ['notifications'],
      summary: 'Change your e-mail preferences',
      description: `${role('viewer')} Weekly digest on/off, immediate alerts at or above a severity (null: none), or no e-mail at all. Defaults: digest on, alerts for critical. Audited.`,
      requestBody: requestBody(body(notificationPreferencesSchema)),
      responses: { 200: json({ type: 'object', properties: { preferences: anyObject } }), ...errors(400, 401) },
    },
  },
  '/api/notifications/digest': {
    post: {
      tags: ['notifications'],
      summary: 'Send the weekly digest now',
      description: `${role('admin')} Queues a digest run; the worker sends it. 409 when e-mail is not configured. Audited.`,
      responses: { 202: json({ type: 'object', properties: { runId: { type: 'string' } } }, 'Queued'), ...errors(401, 403, 409) },
    },
  },
  '/api/findings/ticket': {
    put: {
      tags: ['findings'],
      summary: 'Link findings to an external ticket (or remove the link)',
      description: `${role('analyst')} Target: \`{ findingIds }\` or \`{ clusterId, checkId }\` (that check's open findings in that cluster). The URL must be http(s) without credentials; null removes it. A ticketing bridge reports the issue it opened here. Audited.`,
      requestBody: requestBody(body(setTicketLinkSchema)),
      responses: { 200: json({ type: 'object', properties: { findings: { type: 'integer' } } }), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/findings/ticket-request': {
    post: {
      tags: ['findings'],
      summary: 'Ask the ticketing bridge for a ticket (webhook event finding.ticket_requested)',
      description: `${role('analyst')} Sends title, severity, remediation, owner, due date and links of the target's open findings to the webhooks subscribed to finding.ticket_requested (docs/TICKETS.md). 409 when none is open. Audited.`,
      requestBody: requestBody(body(requestTicketSchema)),
      responses: { 200: json({ type: 'object', properties: { findings: { type: 'integer' }, webhooks: { type: 'integer' } } }), ...errors(400, 401, 403, 409) },
    },
  },
  '/api/exceptions/stale': {
    get: {
      tags: ['exceptions'],
      summary: 'Stale-exception report',
      description: `${role('viewer')} Active exceptions covering no open finding, requests waiting over 7 days, exceptions expiring within 14 days, and open-ended ones approved over 180 days ago.`,
      responses: { 200: json({ type: 'object', properties: { generatedAt: { type: 'string' }, unused: list, pending: list, expiringSoon: list, openEnded: list } }), ...errors(401) },
    },
  },
};
