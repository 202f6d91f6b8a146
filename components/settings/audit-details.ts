/**
 * The details of an audit event as short "key value" pairs for the audit log: names rather than ids
 * (an `xId` is left out when its `xName` is there), exact times in the one UTC format, lists and
 * objects as words rather than JSON, empty values left out. The API keeps the raw details.
 */
import { formatTimestamp } from '@/components/ui/relative-time';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const MAX_LENGTH = 80;

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function formatDetailValue(value: unknown): string {
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? formatTimestamp(new Date(value)) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.filter((v) => !isEmpty(v)).map(formatDetailValue).join(', ');
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string') return record.name;
    return Object.entries(record)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${detailLabel(k)} ${formatDetailValue(v)}`)
      .join('; ');
  }
  return '';
}

/** "expiresAt" → "expires at". */
export function detailLabel(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** [label, shown text, full text] of each detail worth showing. */
export function auditDetailEntries(details: unknown): Array<{ key: string; label: string; text: string; full: string }> {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return [];
  const record = details as Record<string, unknown>;
  return Object.entries(record)
    .filter(([k, v]) => !isEmpty(v) && !(k.endsWith('Id') && typeof record[`${k.slice(0, -2)}Name`] === 'string'))
    .map(([k, v]) => {
      const full = formatDetailValue(v);
      return { key: k, label: detailLabel(k), text: full.length > MAX_LENGTH ? `${full.slice(0, MAX_LENGTH - 1)}…` : full, full };
    })
    .filter((e) => e.full !== '');
}
