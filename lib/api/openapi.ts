/**
 * The OpenAPI 3.1 description of Rampart's automation API, served at GET /api/openapi.json.
 * Request bodies come from the same zod schemas the route handlers parse with
 * (z.toJSONSchema), so they cannot drift; paths and responses are written here.
 *
 * Routes that are not part of the automation API (UI helpers, sign-in) are listed in
 * INTERNAL_ROUTES; tests/api/openapi.test.ts fails when a route file under app/api is in
 * neither list.
 */
import { registerClusterSchema, updateClusterSchema } from '../clusters/schema';
import { createAttestationSchema } from '../compliance/attestations';
import { createExceptionInputSchema, decisionInputSchema, exceptionPolicyInputSchema } from '../exceptions/schema';
import { slaOverridesSchema, slaPolicySchema } from '../sla/policy';
import { WEBHOOK_EVENTS } from '../notifications/events';
import { webhookInputSchema, webhookUpdateSchema } from '../notifications/schema';
import { reportParamsSchema, reportScheduleInputSchema } from '../reports/params';
import { trustedRegistriesInputSchema } from '../scans/trusted-registries';
import { assignFindingSchema, createTeamSchema, fleetAccessSchema, memberSchema, scopeSchema, updateTeamSchema } from '../teams/schema';

/** Route files (paths as in app/api, `[param]` → `{param}`) deliberately left out of the document. */
export const INTERNAL_ROUTES: Record<string, string> = {
  '/api/auth/{all}': 'better-auth sign-in, OIDC callback, password change and sign-out endpoints used by the web UI (all others closed)',
  '/api/clusters/parse-kubeconfig': 'UI helper: lists the contexts of a pasted kubeconfig',
  '/api/clusters/test-credentials': 'UI helper: tests credentials before the cluster form is saved',
  '/api/users/{id}/password': 'UI: admin sets a user password',
  '/api/users/me/tokens': 'UI: API tokens are created from a browser session only',
  '/api/users/me/tokens/{tokenId}': 'UI: revoke an API token',
};

import { anyObject, body, errors, json, pathParam, query, ref, requestBody, role } from './openapi-helpers';
import { notificationPaths, webhookSchema, WEBHOOK_FILTERS_DOC } from './openapi-notifications';

/** What a cluster route gives a team member (lib/teams/cluster-view.ts). */
const TEAM_PART = 'A team member: only a cluster of their teams (another is a 404, as if absent); of a cluster their teams own in part, every number over their namespaces (`part`).';

export function buildOpenApiDocument(baseUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rampart API',
      version: '1',
      description:
        'Automation API of Rampart, the Kubernetes security-posture dashboard. Authenticate with an API token created in Settings → Profile: send `Authorization: Bearer rmp_…`. A token acts with its owner\'s role (viewer < analyst < admin). Errors are `{ error, issues? }` JSON with the HTTP status.',
    },
    servers: [{ url: baseUrl.replace(/\/$/, '') }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'clusters' },
      { name: 'scans' },
      { name: 'findings' },
      { name: 'scores', description: 'Scores, trends and the check catalog.' },
      { name: 'exceptions', description: 'Accepted risks: excepted results count as passed.' },
      { name: 'compliance', description: 'Compliance frameworks (CIS Kubernetes Benchmark, NSA/CISA, Pod Security Standards, the hardening guide): control status, percentage, attestations of manual controls and evidence packs.' },
      { name: 'rbac', description: "The RBAC explorer. A team member: clusters their teams touch (others: 404); in a cluster they own in part, the bindings in their namespaces and what their namespaces' service accounts can do (`partial: true`)." },
      { name: 'reports', description: "PDF remediation reports. A team member's report covers their teams' part of the fleet and is recorded for those teams; they read only reports made for teams that are all theirs (others: 404)." },
      { name: 'webhooks', description: `Outgoing webhooks. Events: ${WEBHOOK_EVENTS.join(', ')}. Deliveries are signed: \`X-Rampart-Signature: sha256=<hex HMAC-SHA256(secret, "<X-Rampart-Timestamp>.<raw body>")>\`. ${WEBHOOK_FILTERS_DOC}` },
      { name: 'notifications', description: 'E-mail: weekly digests, immediate alerts by severity, exception-expiry reminders (SMTP configured on the server).' },
      { name: 'teams', description: 'Teams, the part of the fleet each owns, members with their role in the team (Settings → Teams).' },
      { name: 'admin' },
      { name: 'system' },
    ],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'API token `rmp_…` (Settings → Profile). Browser sessions (cookie) are accepted too.' },
      },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } } } } }, required: ['error'] },
        Cluster: anyObject,
        Scan: { type: 'object', properties: { id: { type: 'string' }, clusterId: { type: 'string' }, status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }, score: { type: ['integer', 'null'] }, grade: { type: ['string', 'null'] }, progress: {}, error: { type: ['string', 'null'] } }, additionalProperties: true },
        Finding: anyObject,
        Exception: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            scope: { type: 'string', enum: ['finding', 'check'] },
            status: { type: 'string', enum: ['active', 'expired', 'revoked', 'requested', 'rejected'], description: 'requested: waiting for a second analyst or admin; only active exceptions except findings.' },
            cluster: { type: ['object', 'null'] },
            checkId: { type: ['string', 'null'] },
            finding: { type: ['object', 'null'] },
            namespacePattern: { type: ['string', 'null'] },
            labelSelector: { type: ['string', 'null'] },
            resourceNamePattern: { type: ['string', 'null'] },
            reason: { type: 'string' },
            ticketUrl: { type: ['string', 'null'] },
            createdBy: { type: ['object', 'null'], description: 'The requester.' },
            decidedBy: { type: ['object', 'null'], description: 'Who approved or rejected the request.' },
            decidedAt: { type: ['string', 'null'], format: 'date-time' },
            decisionNote: { type: ['string', 'null'] },
            createdAt: { type: 'string', format: 'date-time' },
            expiresAt: { type: ['string', 'null'], format: 'date-time' },
            revokedAt: { type: ['string', 'null'], format: 'date-time' },
            coveredFindings: { type: 'integer' },
          },
        },
        CreateExceptionRequest: body(createExceptionInputSchema),
        Webhook: webhookSchema,
        WebhookDelivery: { type: 'object', properties: { id: { type: 'string' }, event: { type: 'string' }, status: { type: 'string', enum: ['pending', 'succeeded', 'failed'] }, attempts: { type: 'integer' }, responseCode: { type: ['integer', 'null'] }, error: { type: ['string', 'null'] }, createdAt: { type: 'string' }, deliveredAt: { type: ['string', 'null'] } } },
        CreateWebhookRequest: body(webhookInputSchema),
        UpdateWebhookRequest: body(webhookUpdateSchema),
        RegisterClusterRequest: body(registerClusterSchema),
        UpdateClusterRequest: body(updateClusterSchema),
      },
    },
    paths: {
      ...notificationPaths,
      '/api/health': { get: { tags: ['system'], summary: 'Liveness / database check (public)', security: [], responses: { 200: json({ type: 'object' }), 503: { description: 'Database unavailable' } } } },
      '/metrics': {
        get: {
          tags: ['system'],
          summary: 'Prometheus metrics (text exposition)',
          description: "Bearer RAMPART_METRICS_TOKEN or the API token of a viewer or above. The metrics token and fleet users get the whole fleet; a team member's token gets the series of what their teams see: their clusters only, of a cluster owned in part that part's open findings, SLA numbers and namespace scores (the numbers of their overview), and the per-team SLA series of their own teams only. Scores per cluster and section, open findings by severity, scan durations and failures. With `framework` (and `control`) the findings gauges count only the checks assessing it, labelled `framework` (and `control`).",
          parameters: [query('framework', 'cis-1.10 | nsa-cisa | pss | guide'), query('control', 'A control id of the framework (needs framework)')],
          responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } }, 400: { description: 'Unknown framework or control' }, 401: { description: 'No valid token' }, 403: { description: 'A user without the fleet view who is in no team' } },
        },
      },
      '/api/openapi.json': { get: { tags: ['system'], summary: 'This document', description: role('viewer'), responses: { 200: json({ type: 'object' }), ...errors(401) } } },
      '/api/clusters': {
        get: { tags: ['clusters'], summary: 'List clusters (no credentials)', description: role('viewer'), responses: { 200: json({ type: 'object', properties: { clusters: { type: 'array', items: ref('Cluster') } } }), ...errors(401) } },
        post: { tags: ['clusters'], summary: 'Register a cluster (credentials encrypted at rest)', description: role('admin'), requestBody: requestBody(ref('RegisterClusterRequest')), responses: { 201: json(anyObject, 'Created'), ...errors(400, 401, 403, 409) } },
      },
      '/api/clusters/{id}': {
        parameters: [pathParam('id', 'Cluster id')],
        get: { tags: ['clusters'], summary: 'One cluster', description: role('viewer'), responses: { 200: json(anyObject), ...errors(401, 404) } },
        patch: { tags: ['clusters'], summary: 'Change a cluster, enable / disable it, replace credentials', description: role('admin'), requestBody: requestBody(ref('UpdateClusterRequest')), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
        delete: { tags: ['clusters'], summary: 'Delete a cluster and all its data', description: role('admin'), responses: { 200: json(anyObject), 204: { description: 'Deleted' }, ...errors(401, 403, 404) } },
      },
      '/api/clusters/{id}/agent-token': {
        parameters: [pathParam('id', 'Cluster id')],
        post: { tags: ['clusters'], summary: "Create an agent cluster's enrolment token (revokes earlier ones); shown once", description: role('admin'), responses: { 201: json(anyObject, 'Created'), ...errors(400, 401, 403, 404) } },
        delete: { tags: ['clusters'], summary: "Revoke an agent cluster's enrolment tokens", description: role('admin'), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
      },
      '/api/agent/v1/snapshots': {
        post: {
          tags: ['clusters'],
          summary: 'Snapshot upload from rampart agent',
          description: 'Bearer enrolment token (rma_…), not a user. Body `{ sequence, nonce, snapshot }`; sequence strictly increasing per token. 202 queues a scan; 400 malformed, 401 unknown or revoked token, 409 replay, 413 too large. Refusals are audited.',
          security: [],
          requestBody: requestBody({ type: 'object' }),
          responses: { 202: json(anyObject, 'Accepted: a scan is queued'), ...errors(400, 401, 409, 413) },
        },
      },
      '/api/clusters/{id}/test': {
        parameters: [pathParam('id', 'Cluster id')],
        post: { tags: ['clusters'], summary: 'Test the stored credentials', description: role('analyst'), responses: { 200: json(anyObject), ...errors(401, 403, 404) } },
      },
      '/api/clusters/{id}/scans': {
        parameters: [pathParam('id', 'Cluster id')],
        get: { tags: ['scans'], summary: "The cluster's scans, newest first", description: `${role('viewer')} ${TEAM_PART}`, parameters: [query('limit', 'Page size (default 50)', { type: 'integer' }), query('before', 'Scan id: scans queued before it')], responses: { 200: json({ type: 'object', properties: { scans: { type: 'array', items: ref('Scan') } } }), ...errors(401, 404) } },
        post: { tags: ['scans'], summary: 'Trigger a scan ("Scan now")', description: `${role('analyst')} 202 with the queued scan; 200 with the already queued / running scan (\`created: false\`).`, responses: { 200: json({ type: 'object', properties: { scan: ref('Scan'), created: { type: 'boolean' } } }), 202: json({ type: 'object', properties: { scan: ref('Scan'), created: { type: 'boolean' } } }, 'Queued'), ...errors(401, 403, 404, 409) } },
      },
      '/api/scans/{id}': {
        parameters: [pathParam('id', 'Scan id')],
        get: { tags: ['scans'], summary: 'One scan: status, live progress, outcome', description: `${role('viewer')} ${TEAM_PART}`, responses: { 200: json({ type: 'object', properties: { scan: ref('Scan') } }), ...errors(401, 404) } },
      },
      '/api/findings': {
        get: {
          tags: ['findings'],
          summary: 'Findings across clusters, filtered, keyset-paginated',
          description: `${role('viewer')} Returns \`{ findings, nextCursor }\`; pass \`cursor=nextCursor\` for the next page. With \`group=check|resource\`: \`{ groups, truncated }\`.`,
          parameters: [
            query('cluster', 'Cluster id'),
            query('section', 'Guide section id: cluster, authentication, authorization, images, workloads, secrets'),
            query('check', 'Check id'),
            query('framework', 'Only checks that assess this framework: cis-1.10 | nsa-cisa | pss | guide'),
            query('control', 'Only checks that assess this control of the framework (needs framework)'),
            query('severity', 'Comma-separated: critical,high,medium,low,info'),
            query('status', 'open | excepted | resolved | all'),
            query('namespace', 'Resource namespace'),
            query('kind', 'Resource kind'),
            query('team', 'Owning team id, or unowned'),
            query('name', 'Exactly this resource name'),
            query('owner', 'Namespace owner (the namespace label RAMPART_NAMESPACE_OWNER_LABEL, default team)'),
            query('since', 'First seen on or after (YYYY-MM-DD)'),
            query('sla', 'overdue | due-soon: open, not excepted findings past their remediation due date, or due within a week'),
            query('q', 'Case-insensitive substring of the resource name, namespace, message, check id or title'),
            query('sort', 'severity | newest | oldest | resource | check | namespace'),
            query('dir', 'asc (the natural direction) | desc (its reverse)'),
            query('group', 'none | check | resource | namespace'),
            query('limit', 'Page size', { type: 'integer' }),
            query('cursor', 'nextCursor of the previous page'),
          ],
          responses: { 200: json({ type: 'object', properties: { findings: { type: 'array', items: ref('Finding') }, nextCursor: { type: ['string', 'null'] } } }), ...errors(400, 401) },
        },
      },
      '/api/exports/findings': {
        get: {
          tags: ['findings'],
          summary: 'Export the filtered findings as a file (streamed; audited)',
          description: `${role('analyst')} Same filters as GET /api/findings. A team member: their teams' findings only; the scores a JSON or SARIF file carries are those of what they see (a cluster their teams own whole: its own; one owned in part: the part's namespaces, as their scorecards). A cluster outside their teams is a 404.`,
          parameters: [query('format', 'csv | json | sarif'), ...['cluster', 'section', 'check', 'severity', 'status', 'namespace', 'kind', 'since', 'sla', 'q'].map((q) => query(q, 'As in GET /api/findings'))],
          responses: { 200: { description: 'The file', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: anyObject }, 'application/sarif+json': { schema: anyObject } } }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/exports/vulnerabilities': {
        get: {
          tags: ['findings'],
          summary: 'Export the image inventory or the CVE list as a file (audited)',
          description: `${role('analyst')} One row per image (kind=images) or per CVE, image and package (kind=cves), from each cluster's latest scan. A team member: the images their teams' workloads run.`,
          parameters: [
            query('kind', 'images | cves'),
            query('format', 'csv | json'),
            query('q', 'Image name (images); CVE id, package or image (cves)'),
            query('fixable', '1: only images / CVEs with a fixed version'),
            query('severity', 'Comma-separated severities: critical, high, medium, low, info'),
            query('cluster', 'Cluster id: its latest scan only'),
          ],
          responses: { 200: { description: 'The file', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: anyObject } } }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/reports': {
        get: { tags: ['reports'], summary: 'Recent remediation reports with status and progress', description: role('analyst'), responses: { 200: json({ type: 'object', properties: { reports: { type: 'array', items: anyObject } } }), ...errors(401, 403) } },
        post: { tags: ['reports'], summary: 'Queue a remediation report (rendered in the background)', description: role('analyst'), requestBody: requestBody(body(reportParamsSchema)), responses: { 202: json({ type: 'object', properties: { report: anyObject } }, 'Queued'), ...errors(400, 401, 403) } },
      },
      '/api/reports/{id}': {
        parameters: [pathParam('id', 'Report id')],
        get: { tags: ['reports'], summary: "One report's status and progress", description: role('analyst'), responses: { 200: json(anyObject), ...errors(401, 403, 404) } },
      },
      '/api/reports/{id}/download': {
        parameters: [pathParam('id', 'Report id')],
        get: { tags: ['reports'], summary: 'The PDF of a finished report (audited)', description: role('analyst'), responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errors(401, 403, 404) } },
      },
      '/api/reports/schedules': {
        get: { tags: ['reports'], summary: 'Scheduled reports with their next run', description: `${role('analyst')} Each schedule names its teams (\`teamIds\`, \`teams\`; empty: the fleet). A team member: the schedules made for teams that are all theirs.`, responses: { 200: json({ type: 'object', properties: { schedules: { type: 'array', items: anyObject } } }), ...errors(401, 403) } },
        post: {
          tags: ['reports'],
          summary: 'Schedule a weekly / monthly PDF report, optionally delivered to a webhook (event report.ready with the download link)',
          description: `${role('analyst')} Audited. A team member (analyst within their teams): the schedule is recorded for their teams and each report covers their teams' clusters and namespaces only; \`params.clusters\` must be clusters of their teams, and \`webhookId\` a webhook narrowed to their one team (400 otherwise). A fleet schedule cannot name a webhook narrowed to a team.`,
          requestBody: requestBody(body(reportScheduleInputSchema)),
          responses: { 201: json({ type: 'object', properties: { schedule: anyObject } }, 'Created'), ...errors(400, 401, 403) },
        },
      },
      '/api/reports/schedules/{id}': {
        parameters: [pathParam('id', 'Report schedule id')],
        delete: { tags: ['reports'], summary: 'Delete a report schedule', description: `${role('analyst')} Audited. A team member: a schedule of their teams only (another is a 404).`, responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) } },
      },
      '/api/reports/pdf': {
        post: {
          tags: ['reports'],
          summary: 'Remediation report as PDF: small ones at once, large ones queued (202)',
          description: role('analyst'),
          requestBody: requestBody(body(reportParamsSchema)),
          responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, 202: json({ type: 'object', properties: { report: anyObject } }, 'Queued'), ...errors(400, 401, 403) },
        },
      },
      '/api/exceptions': {
        get: {
          tags: ['exceptions'],
          summary: 'List accepted-risk exceptions, newest first',
          description: `${role('viewer')} A team member gets the exceptions on their teams' findings and the check-wide ones covering one of them, with coveredFindings counting their findings.`,
          parameters: [
            query('status', 'active (default) | requested | rejected | expired | revoked | all'),
            query('clusterId', 'Only this cluster'),
            query('checkId', 'Only this check'),
            query('findingId', 'Only exceptions of this finding'),
            query('limit', '1–500, default 100', { type: 'integer' }),
            query('cursor', 'nextCursor of the previous page'),
          ],
          responses: { 200: json({ type: 'object', properties: { exceptions: { type: 'array', items: ref('Exception') }, nextCursor: { type: ['string', 'null'] } } }), ...errors(400, 401) },
        },
        post: {
          tags: ['exceptions'],
          summary: 'Request a risk acceptance (one check, or one or more findings — bulk accept)',
          description: `${role('analyst')} Records a request (status requested) that excepts nothing until another analyst or admin approves it (POST /api/exceptions/approve). Expiry is required, at most one year ahead; a ticket link is optional. Audited.`,
          requestBody: requestBody(ref('CreateExceptionRequest')),
          responses: {
            201: json({ type: 'object', properties: { exceptions: { type: 'array', items: ref('Exception') }, skippedFindingIds: { type: 'array', items: { type: 'string' } }, findingsChanged: { type: 'integer' }, rescoredClusters: { type: 'array', items: { type: 'string' } } } }, 'Created'),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/api/exceptions/{id}': {
        parameters: [pathParam('id', 'Exception id')],
        get: { tags: ['exceptions'], summary: 'One exception', description: `${role('viewer')} A team member: one their exceptions list shows (on a finding of their teams, or check-wide and covering one), its covered count over their findings; another is a 404.`, responses: { 200: json({ type: 'object', properties: { exception: ref('Exception') } }), ...errors(401, 403, 404) } },
        delete: { tags: ['exceptions'], summary: 'Revoke an exception (or withdraw a request)', description: `${role('analyst')} Its findings return to open at once. Audited.`, responses: { 200: json({ type: 'object', properties: { exception: ref('Exception') } }), ...errors(401, 403, 404, 409) } },
      },
      '/api/exceptions/approve': {
        post: {
          tags: ['exceptions'],
          summary: 'Approve pending exception requests (four-eyes)',
          description: `${role('analyst')} Not by the requester, unless an admin allowed self-approval (PUT /api/settings/exceptions). They become active and apply at once: findings show as excepted, latest scans are re-scored once for the batch. All or nothing. Audited.`,
          requestBody: requestBody(body(decisionInputSchema)),
          responses: { 200: json({ type: 'object', properties: { exceptions: { type: 'array', items: ref('Exception') }, findingsChanged: { type: 'integer' }, rescoredClusters: { type: 'array', items: { type: 'string' } } } }), ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/exceptions/reject': {
        post: {
          tags: ['exceptions'],
          summary: 'Reject pending exception requests',
          description: `${role('analyst')} They never except anything. All or nothing. Audited.`,
          requestBody: requestBody(body(decisionInputSchema)),
          responses: { 200: json({ type: 'object', properties: { exceptions: { type: 'array', items: ref('Exception') } } }), ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/settings/sla': {
        get: { tags: ['findings'], summary: 'Remediation SLA: days per severity, counted from first seen', description: role('viewer'), responses: { 200: json({ type: 'object', properties: { policy: anyObject } }), ...errors(401) } },
        put: {
          tags: ['findings'],
          summary: 'Set the remediation SLA days per severity',
          description: `${role('admin')} Defaults: critical 7, high 30, medium 90, low 180; info has none. Audited.`,
          requestBody: requestBody(body(slaPolicySchema)),
          responses: { 200: json({ type: 'object', properties: { policy: anyObject } }), ...errors(400, 401, 403) },
        },
      },
      '/api/settings/exceptions': {
        get: { tags: ['exceptions'], summary: 'The four-eyes policy for risk acceptance', description: role('viewer'), responses: { 200: json({ type: 'object', properties: { policy: anyObject } }), ...errors(401) } },
        put: {
          tags: ['exceptions'],
          summary: 'Allow or forbid self-approval of exception requests',
          description: `${role('admin')} Off by default. Audited.`,
          requestBody: requestBody(body(exceptionPolicyInputSchema)),
          responses: { 200: json({ type: 'object', properties: { policy: anyObject } }), ...errors(400, 401, 403) },
        },
      },
      '/api/settings/trusted-registries': {
        get: { tags: ['settings'], summary: 'The registries images may come from (image-untrusted-registry)', description: role('viewer'), responses: { 200: json(anyObject), ...errors(401) } },
        put: {
          tags: ['settings'],
          summary: 'Replace the trusted registries',
          description: `${role('admin')} Used from the next scan on. Audited with the list before and after.`,
          requestBody: requestBody(body(trustedRegistriesInputSchema)),
          responses: { 200: json(anyObject), ...errors(400, 401, 403) },
        },
      },
      '/api/compliance': {
        get: {
          tags: ['compliance'],
          summary: "A framework's controls with their status (passed, failed, excepted, not assessed with the reason, manual), the compliance percentage and its trend, for one cluster or the fleet",
          description: `${role('viewer')} Compliance = (passed + excepted) ÷ (passed + failed + excepted) automated controls, rounded down; \`formula\` in the response says it in words. ${TEAM_PART} Without \`cluster\`, a team member gets their teams' clusters.`,
          parameters: [query('framework', 'cis-1.10 (default) | nsa-cisa | pss | guide'), query('cluster', 'A cluster id; absent: the fleet'), query('range', '7d | 30d (default) | 90d | 1y | custom'), query('from', 'Start (range=custom)'), query('to', 'End (range=custom)')],
          responses: { 200: json(anyObject), ...errors(400, 401, 404) },
        },
      },
      '/api/compliance/evidence': {
        get: {
          tags: ['compliance'],
          summary: "An auditor's evidence pack for one framework and scope: a JSON bundle sealed with a SHA-256 digest, or that bundle as PDF",
          description: `${role('analyst')} Scope and period, cluster versions, every control with its checks and resources evaluated, not-assessed controls with the reason, coverage gaps, exceptions, attestations and the score history. The digest covers the canonical serialisation (keys sorted, no whitespace) without the \`digest\` member; \`rampart verify-evidence FILE\` recomputes it. Audited. Needs the fleet view: a team member gets 403 with the reason.`,
          parameters: [query('framework', 'cis-1.10 (default) | nsa-cisa | pss | guide'), query('cluster', 'A cluster id; absent: the fleet'), query('range', '7d | 30d (default) | 90d | 1y | custom'), query('from', 'Start (range=custom)'), query('to', 'End (range=custom)'), query('format', 'json (default) | pdf')],
          responses: { 200: { description: 'The bundle (application/json) or the PDF (application/pdf)' }, ...errors(400, 401, 403, 404) },
        },
        post: {
          tags: ['compliance'],
          summary: 'Render a JSON evidence bundle (as GET returned it) to PDF, after verifying its digest',
          description: `${role('analyst')} A bundle whose digest does not match its content is refused (400).`,
          requestBody: requestBody(anyObject),
          responses: { 200: { description: 'The PDF (application/pdf)' }, ...errors(400, 401, 403, 413) },
        },
      },
      '/api/compliance/attestations': {
        get: {
          tags: ['compliance'],
          summary: 'Attestations of manual controls, newest first',
          description: `${role('viewer')} A team member: the fleet-wide attestations and those of clusters their teams touch (what their compliance views use); another cluster is a 404.`,
          parameters: [query('framework', 'Only this framework'), query('clusterId', "This cluster's and fleet-wide attestations"), query('status', 'active (default) | all')],
          responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) },
        },
        post: {
          tags: ['compliance'],
          summary: 'Attest a manual control for one cluster or (no clusterId) every cluster',
          description: `${role('analyst')} A note (what was checked, how) and an expiry at most a year ahead are required. Audited.`,
          requestBody: requestBody(body(createAttestationSchema)),
          responses: { 201: json(anyObject, 'Created'), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/compliance/attestations/{id}': {
        parameters: [pathParam('id', 'Attestation id')],
        delete: { tags: ['compliance'], summary: 'Revoke an attestation', description: `${role('analyst')} Audited.`, responses: { 200: json(anyObject), ...errors(401, 403, 404, 409) } },
      },
      '/api/clusters/{id}/trends': {
        parameters: [pathParam('id', 'Cluster id')],
        get: {
          tags: ['scores'],
          summary: 'Score, open findings by severity, new vs resolved per scan and MTTR over time',
          description: `${role('viewer')} One point per successful scan and per exception change that re-scored the latest scan (\`cause\`: scan | exceptions), each with its \`scoringVersion\` and \`partial\` flag; points are never rewritten. ${TEAM_PART}`,
          parameters: [query('range', '7d | 30d | 90d | 1y | custom'), query('from', 'Start (range=custom)'), query('to', 'End (range=custom)'), query('section', 'Only this guide section')],
          responses: { 200: json(anyObject), ...errors(400, 401, 404) },
        },
      },
      '/api/clusters/{id}/scorecards': {
        parameters: [pathParam('id', 'Cluster id')],
        get: {
          tags: ['scores'],
          summary: "The latest successful scan's overall and per-section score and grade, change since the previous scan, worst open findings per section and coverage gaps",
          description: `${role('viewer')} \`scan\` is null before the first successful scan. \`cap\` says what caps a grade (open critical → D, open high → B); \`partial\` marks a scan that could not read some input; deltas compare only scans of the same \`scoringVersion\`, neither partial. ${TEAM_PART}`,
          responses: { 200: json(anyObject), ...errors(401, 404) },
        },
      },
      '/api/checks': {
        get: { tags: ['scores'], summary: 'The check catalog with framework mappings and fleet-wide results of the latest scans', description: `${role('viewer')} A team member: results over their teams' clusters, and of a cluster they own in part, over their namespaces.`, responses: { 200: json(anyObject), ...errors(401) } },
      },
      '/api/clusters/{id}/rbac': { parameters: [pathParam('id', 'Cluster id')], get: { tags: ['rbac'], summary: 'RBAC overview of a scan (?scan=, default newest with RBAC data)', description: role('viewer'), responses: { 200: json(anyObject), ...errors(401, 404) } } },
      '/api/clusters/{id}/rbac/graph': { parameters: [pathParam('id', 'Cluster id')], get: { tags: ['rbac'], summary: 'Focused neighbourhood of the RBAC graph (?focus=&hops=&top=&namespace=&subjectKind=&risk=&includeSystem=, or ?search=)', description: role('viewer'), responses: { 200: json(anyObject), ...errors(400, 401, 404) } } },
      '/api/clusters/{id}/rbac/who-can': { parameters: [pathParam('id', 'Cluster id')], get: { tags: ['rbac'], summary: 'Who can <verb> <resource> [in <namespace>] (?format=csv to download)', description: role('viewer'), responses: { 200: json(anyObject), ...errors(400, 401, 404) } } },
      '/api/clusters/{id}/rbac/risky': { parameters: [pathParam('id', 'Cluster id')], get: { tags: ['rbac'], summary: 'Subjects with risky permissions, ranked', description: role('viewer'), responses: { 200: json(anyObject), ...errors(401, 404) } } },
      '/api/clusters/{id}/rbac/escalations': { parameters: [pathParam('id', 'Cluster id')], get: { tags: ['rbac'], summary: 'Escalation routes to cluster-admin-equivalent power', description: role('viewer'), responses: { 200: json(anyObject), ...errors(401, 404) } } },
      '/api/clusters/{id}/rbac/changes': { parameters: [pathParam('id', 'Cluster id')], get: { tags: ['rbac'], summary: 'Grants that appeared / disappeared between two scans (?from=&to=)', description: role('viewer'), responses: { 200: json(anyObject), ...errors(400, 401, 404) } } },
      '/api/clusters/{id}/rbac/subjects/{key}': {
        parameters: [pathParam('id', 'Cluster id'), pathParam('key', 'ServiceAccount:<ns>/<name>, User:<name> or Group:<name>')],
        get: { tags: ['rbac'], summary: 'Everything one subject can do, grouped by risk', description: role('viewer'), responses: { 200: json(anyObject), ...errors(401, 404) } },
      },
      '/api/webhooks': {
        get: { tags: ['webhooks'], summary: 'List webhooks with their last delivery', description: role('admin'), responses: { 200: json({ type: 'object', properties: { webhooks: { type: 'array', items: ref('Webhook') } } }), ...errors(401, 403) } },
        post: { tags: ['webhooks'], summary: 'Create a webhook (the signing secret is in this response only)', description: `${role('admin')} Only http(s) URLs; redirects are not followed.`, requestBody: requestBody(ref('CreateWebhookRequest')), responses: { 201: json({ type: 'object', properties: { webhook: ref('Webhook'), secret: { type: 'string' } } }, 'Created'), ...errors(400, 401, 403) } },
      },
      '/api/webhooks/{id}': {
        parameters: [pathParam('id', 'Webhook id')],
        get: { tags: ['webhooks'], summary: 'One webhook', description: role('admin'), responses: { 200: json({ type: 'object', properties: { webhook: ref('Webhook') } }), ...errors(401, 403, 404) } },
        patch: { tags: ['webhooks'], summary: 'Change a webhook; rotateSecret returns a new secret once', description: role('admin'), requestBody: requestBody(ref('UpdateWebhookRequest')), responses: { 200: json({ type: 'object', properties: { webhook: ref('Webhook'), secret: { type: 'string' } } }), ...errors(400, 401, 403, 404) } },
        delete: { tags: ['webhooks'], summary: 'Delete a webhook and its delivery log', description: role('admin'), responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) } },
      },
      '/api/webhooks/{id}/test': {
        parameters: [pathParam('id', 'Webhook id')],
        post: { tags: ['webhooks'], summary: 'Send a test event now', description: role('admin'), responses: { 200: json({ type: 'object', properties: { delivery: ref('WebhookDelivery') } }), ...errors(401, 403, 404) } },
      },
      '/api/webhooks/{id}/deliveries': {
        parameters: [pathParam('id', 'Webhook id')],
        get: { tags: ['webhooks'], summary: 'Delivery log, newest first', description: role('admin'), parameters: [query('limit', '1–200, default 50', { type: 'integer' })], responses: { 200: json({ type: 'object', properties: { deliveries: { type: 'array', items: ref('WebhookDelivery') } } }), ...errors(401, 403, 404) } },
      },
      '/api/audit': {
        get: { tags: ['admin'], summary: 'The audit trail, newest first', description: role('admin'), parameters: ['action', 'actor', 'targetType', 'targetId', 'from', 'to', 'cursor', 'limit'].map((q) => query(q, q)), responses: { 200: json(anyObject), ...errors(400, 401, 403) } },
      },
      '/api/users': {
        get: { tags: ['admin'], summary: 'Every user', description: role('admin'), responses: { 200: json(anyObject), ...errors(401, 403) } },
        post: { tags: ['admin'], summary: 'Create a user with a role and an initial password', description: role('admin'), requestBody: requestBody(anyObject), responses: { 201: json(anyObject, 'Created'), ...errors(400, 401, 403, 409) } },
      },
      '/api/users/{id}': {
        parameters: [pathParam('id', 'User id')],
        patch: { tags: ['admin'], summary: 'Change name, role, or disable / enable a user', description: role('admin'), requestBody: requestBody(anyObject), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
        delete: { tags: ['admin'], summary: 'Delete a user', description: role('admin'), responses: { 200: json(anyObject), 204: { description: 'Deleted' }, ...errors(401, 403, 404) } },
      },
      '/api/findings/{id}/assignee': {
        parameters: [pathParam('id', 'Finding id')],
        put: {
          tags: ['findings'],
          summary: 'Assign the finding to a person (null clears it); audited',
          description: `${role('analyst')} A team member needs the analyst role in a team that owns the finding; the assignee must be able to see it.`,
          requestBody: requestBody(body(assignFindingSchema)),
          responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/teams': {
        get: { tags: ['teams'], summary: 'Every team with members and scopes', description: role('admin'), responses: { 200: json(anyObject), ...errors(401, 403) } },
        post: { tags: ['teams'], summary: 'Create a team; audited', description: role('admin'), requestBody: requestBody(body(createTeamSchema)), responses: { 201: json(anyObject, 'Created'), ...errors(400, 401, 403, 409) } },
      },
      '/api/teams/{id}': {
        parameters: [pathParam('id', 'Team id')],
        get: { tags: ['teams'], summary: 'One team with members and scopes', description: role('admin'), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
        patch: { tags: ['teams'], summary: 'Rename a team or change its description; audited', description: role('admin'), requestBody: requestBody(body(updateTeamSchema)), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404, 409) } },
        delete: { tags: ['teams'], summary: 'Delete a team with its memberships and scopes; audited', description: `${role('admin')} 409 while webhooks are narrowed to the team.`, responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 409) } },
      },
      '/api/teams/{id}/members': {
        parameters: [pathParam('id', 'Team id')],
        put: { tags: ['teams'], summary: 'Add a member or change their role within the team; audited', description: role('admin'), requestBody: requestBody(body(memberSchema)), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
      },
      '/api/teams/{id}/members/{userId}': {
        parameters: [pathParam('id', 'Team id'), pathParam('userId', 'User id')],
        delete: { tags: ['teams'], summary: 'Remove a member; audited', description: role('admin'), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
      },
      '/api/teams/{id}/scopes': {
        parameters: [pathParam('id', 'Team id')],
        post: { tags: ['teams'], summary: 'Give the team part of the fleet (cluster, namespace, glob, namespace label or resource labels); audited', description: role('admin'), requestBody: requestBody(body(scopeSchema)), responses: { 201: json(anyObject, 'Created'), ...errors(400, 401, 403, 404, 409) } },
      },
      '/api/teams/{id}/sla': {
        parameters: [pathParam('id', 'Team id')],
        put: { tags: ['teams'], summary: "Set the team's remediation SLA days per severity (absent or null: the instance policy); audited", description: role('admin'), requestBody: requestBody(body(slaOverridesSchema)), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
      },
      '/api/teams/{id}/scopes/{scopeId}': {
        parameters: [pathParam('id', 'Team id'), pathParam('scopeId', 'Scope id')],
        delete: { tags: ['teams'], summary: 'Remove one of the team scopes; audited', description: role('admin'), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
      },
      '/api/users/{id}/access': {
        parameters: [pathParam('id', 'User id')],
        put: { tags: ['admin'], summary: "Turn a user's fleet view on or off (off: only their teams); audited", description: role('admin'), requestBody: requestBody(body(fleetAccessSchema)), responses: { 200: json(anyObject), ...errors(400, 401, 403, 404) } },
      },
      '/api/users/me': { get: { tags: ['admin'], summary: 'The caller (user and role)', description: role('viewer'), responses: { 200: json(anyObject), ...errors(401) } } },
    },
  };
}
