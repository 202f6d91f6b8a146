/**
 * A finding's stored patch (the `patch` JSON column, written from a check's ResultPatch) read back
 * as a ResultPatch: the one reader for the finding page, the PDF and the exports.
 */
import type { ResultPatch } from '../checks/types';

/** The stored value as a ResultPatch, or null when it is missing or not one. */
export function storedPatch(value: unknown): ResultPatch | null {
  if (!value || typeof value !== 'object') return null;
  const p = value as { type?: unknown; body?: unknown };
  return (p.type === 'strategic-merge' || p.type === 'json') && typeof p.body === 'string' ? { type: p.type, body: p.body } : null;
}
