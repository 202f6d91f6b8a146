/** OpenAPI paths of notifications, ticket links and the stale-exception report (merged into lib/api/openapi.ts). */
import { notificationPreferencesSchema } from '../notifications/email/preferences';
import { requestTicketSchema, setTicketLinkSchema } from '../tickets/schema';
import { anyObject, body, errors, json, ref, requestBody, role } from './openapi-helpers';

/** A webhook as the API returns it (GET/POST/PATCH /api/webhooks…). */
export const webhookSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    format: { type: 'string', enum: ['generic', 'slack'] },
    events: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
    framework: { type: ['string', 'null'], description: 'Only events about findings of the checks assessing this compliance framework (null: every check).' },
    control: { type: ['string', 'null'], description: 'Narrower: one control of `framework` (null: the whole framework).' },
    team: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' } }, description: 'Only events about findings this team owns (null: the whole fleet).' },
    hasSecret: { type: 'boolean' },
    createdBy: { type: ['object', 'null'], additionalProperties: true },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    lastDelivery: { anyOf: [ref('WebhookDelivery'), { type: 'null' }] },
  },
};

/** What the filters do to each event (the webhooks tag's description). */
export const WEBHOOK_FILTERS_DOC =
  'A webhook can be narrowed to a compliance framework (`framework`, optionally one `control` a check assesses) and to a team (`teamId`); unknown ids are a 400. Finding events (scan.new_findings, finding.overdue, finding.ticket_requested) then carry only the findings inside the filter (counts and lists narrowed, `data.filter` names the filter) and are not sent when none is; exception events are sent when the exception’s check assesses the framework and, with a team, when it is over a finding the team owns (a check-wide one: a finding it covers now); scan.grade_dropped and scan.failing are sent unchanged under a framework filter, and under a team filter only when the team owns the whole cluster; report.ready (a scheduled report) reaches a team’s webhook only for a report made for that team alone (docs/WEBHOOKS.md).';

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
