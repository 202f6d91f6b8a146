/**
 * Webhook events and payloads (client-safe: no Node or database code).
 *
 * Events
 * - `scan.new_findings`   a scan opened (or reopened) critical / high findings not covered by an exception
 * - `scan.grade_dropped`  a cluster's overall grade is worse than at its previous successful scan
 * - `scan.failing`        a cluster's scans failed FAILING_SCANS_THRESHOLD times in a row (sent once per streak)
 * - `finding.overdue`     open findings passed their remediation due date (one event per cluster per check run, listing them)
 * - `finding.ticket_requested` an analyst asked for a ticket for a finding or a group of findings: title,
 *                         remediation, owner, due date and links a ticketing bridge needs (docs/TICKETS.md)
 * - `exception.requested` / `exception.approved` / `exception.rejected` four-eyes risk acceptance
 * - `exception.expiring`  an active exception expires within EXCEPTION_REMINDER_DAYS (sent once per exception per reminder day)
 * - `test`                the "Send test" button
 *
 * New events only add to the list; the envelope's shape never changes (receivers read `data`).
 *
 * Payloads
 * - generic: `{ id, event, occurredAt, summary, cluster, scan, data }` (JSON, see WebhookEnvelope)
 * - slack:   `{ text, blocks }` — Slack incoming webhooks and compatible receivers (Mattermost …)
 */
/** Events a webhook can subscribe to ("test" is always delivered on request). */
export const SUBSCRIBABLE_EVENTS = [
  'scan.new_findings',
  'scan.grade_dropped',
  'scan.failing',
  'finding.overdue',
  'finding.ticket_requested',
  'exception.requested',
  'exception.approved',
  'exception.rejected',
  'exception.expiring',
] as const;
export const WEBHOOK_EVENTS = [...SUBSCRIBABLE_EVENTS, 'test'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'scan.new_findings': 'New critical or high findings',
  'scan.grade_dropped': 'Cluster grade dropped',
  'scan.failing': 'Scans keep failing',
  'finding.overdue': 'Findings became overdue',
  'finding.ticket_requested': 'Ticket requested for findings',
  'exception.requested': 'Exception requested',
  'exception.approved': 'Exception approved',
  'exception.rejected': 'Exception rejected',
  'exception.expiring': 'Exception expiring soon',
  test: 'Test',
};

/** Days before an exception's expiry on which reminders go out (webhook and e-mail), once each. */
export const EXCEPTION_REMINDER_DAYS = [14, 3] as const;

export const FAILING_SCANS_THRESHOLD = 3;

export interface WebhookEnvelope {
  /** Unique per event (receivers de-duplicate on it; retries keep it). */
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  /** One line a human reads. */
  summary: string;
  cluster: { id: string; name: string } | null;
  scan: { id: string; status: string; score: number | null; grade: string | null; finishedAt: string | null } | null;
  /** Rampart page to open. */
  url: string | null;
  data: Record<string, unknown>;
}

export interface SlackPayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function toSlackPayload(e: WebhookEnvelope): SlackPayload {
  const text = `[Rampart] ${e.summary}`;
  const fields: string[] = [];
  if (e.cluster) fields.push(`*Cluster:* ${escapeSlack(e.cluster.name)}`);
  if (e.scan?.grade) fields.push(`*Grade:* ${e.scan.grade} (${e.scan.score ?? '–'}/100)`);
  const findings = (e.data.findings as Array<{ severity: string; checkId: string; resource: string }> | undefined) ?? [];
  const blocks: Array<Record<string, unknown>> = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(e.summary)}*` } },
  ];
  if (fields.length) blocks.push({ type: 'section', fields: fields.map((f) => ({ type: 'mrkdwn', text: f })) });
  if (findings.length) {
    const lines = findings.slice(0, 10).map((f) => `• \`${f.severity}\` ${escapeSlack(f.checkId)} — ${escapeSlack(f.resource)}`);
    if (findings.length > 10) lines.push(`…and ${findings.length - 10} more`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  if (e.url) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Rampart' }, url: e.url }] });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${e.event} · ${e.occurredAt}` }] });
  return { text, blocks };
}

export function renderPayload(format: 'generic' | 'slack', envelope: WebhookEnvelope): string {
  return JSON.stringify(format === 'slack' ? toSlackPayload(envelope) : envelope);
}
