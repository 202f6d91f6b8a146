/**
 * The evidence pack's tamper evidence: a SHA-256 digest over the bundle's canonical serialisation
 * (JSON with object keys sorted recursively and no whitespace, lib/db/resource-document
 * canonicalJson), computed with the `digest` member left out. `rampart verify-evidence FILE`
 * recomputes it. Pure; no database.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../db/resource-document';

export const EVIDENCE_CANONICALIZATION = 'JSON, object keys sorted recursively, no whitespace, UTF-8; the digest member left out';

export interface EvidenceDigest {
  algorithm: 'sha256';
  canonicalization: string;
  value: string;
}

/** The hex SHA-256 of a bundle's canonical form, without its `digest` member. */
export function evidenceDigestOf(bundle: Record<string, unknown>): string {
  const { digest: _ignored, ...content } = bundle;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** The bundle with its digest set. */
export function sealEvidence<T extends Record<string, unknown>>(content: T): T & { digest: EvidenceDigest } {
  return { ...content, digest: { algorithm: 'sha256', canonicalization: EVIDENCE_CANONICALIZATION, value: evidenceDigestOf(content) } };
}

export type VerifyResult = { ok: true; digest: string } | { ok: false; reason: string; expected?: string; actual?: string };

/** Checks a parsed bundle: it has a SHA-256 digest and the digest matches its content. */
export function verifyEvidence(bundle: unknown): VerifyResult {
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) return { ok: false, reason: 'not an evidence bundle (expected a JSON object)' };
  const digest = (bundle as { digest?: Partial<EvidenceDigest> }).digest;
  if (!digest || digest.algorithm !== 'sha256' || typeof digest.value !== 'string') return { ok: false, reason: 'the bundle carries no SHA-256 digest' };
  const actual = evidenceDigestOf(bundle as Record<string, unknown>);
  if (actual !== digest.value) return { ok: false, reason: 'the digest does not match the content: the bundle was changed after it was generated', expected: digest.value, actual };
  return { ok: true, digest: actual };
}
