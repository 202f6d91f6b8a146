/**
 * Trivy Operator's ExposedSecretReport and ConfigAuditReport, reduced the moment they are read
 * (before anything addresses, uploads or stores them) to what Rampart shows:
 * - a secret report keeps, per finding, only the rule id, category, title, severity and target
 *   (the file or layer). The `match` text — the line holding the secret — and anything else Trivy
 *   may add are dropped, so a secret's value cannot reach the database, an agent upload or a page;
 * - a config-audit report keeps, per check, the id, title, severity, category and outcome
 *   (messages and descriptions are dropped: they quote the workload's settings).
 * Both keep metadata (labels name the workload and container the report is for), the scanned
 * image (artifact, registry), the summary counts and the update time. Idempotent.
 */
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { GenericObject } from '../snapshot';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Only the string fields named, from a record (anything else is left behind). */
function pick(v: unknown, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const f of fields) {
    const s = str(v[f]);
    if (s !== undefined) out[f] = s;
  }
  return out;
}

function counts(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(v)) return out;
  for (const [k, n] of Object.entries(v)) if (/^[a-z]+Count$/.test(k) && typeof n === 'number' && Number.isFinite(n)) out[k] = n;
  return out;
}

function reportBase(report: Record<string, unknown>): Record<string, unknown> {
  return {
    ...(isRecord(report.artifact) ? { artifact: pick(report.artifact, ['repository', 'tag', 'digest']) } : {}),
    ...(isRecord(report.registry) ? { registry: pick(report.registry, ['server']) } : {}),
    ...(isRecord(report.scanner) ? { scanner: pick(report.scanner, ['name', 'vendor', 'version']) } : {}),
    ...(isRecord(report.summary) ? { summary: counts(report.summary) } : {}),
    ...(str(report.updateTimestamp) ? { updateTimestamp: str(report.updateTimestamp) } : {}),
  };
}

function reduce(raw: Record<string, unknown>, metadata: V1ObjectMeta, listField: 'secrets' | 'checks', keep: (item: Record<string, unknown>) => Record<string, unknown>): GenericObject {
  const report = isRecord(raw.report) ? raw.report : {};
  const list = Array.isArray(report[listField]) ? (report[listField] as unknown[]).filter(isRecord).map(keep) : [];
  return { apiVersion: String(raw.apiVersion ?? ''), kind: String(raw.kind ?? ''), metadata, report: { ...reportBase(report), [listField]: list } };
}

/** An ExposedSecretReport with every secret finding reduced to rule id, category, title, severity and target. */
export function toExposedSecretReport(raw: Record<string, unknown>, metadata: V1ObjectMeta): GenericObject {
  return reduce(raw, metadata, 'secrets', (s) => pick(s, ['ruleID', 'category', 'title', 'severity', 'target']));
}

/** A ConfigAuditReport with every check reduced to id, title, severity, category and outcome. */
export function toConfigAuditReport(raw: Record<string, unknown>, metadata: V1ObjectMeta): GenericObject {
  return reduce(raw, metadata, 'checks', (c) => ({ ...pick(c, ['checkID', 'title', 'severity', 'category']), ...(typeof c.success === 'boolean' ? { success: c.success } : {}) }));
}
