/**
 * The shape of an evidence bundle (./evidence), checked before a submitted bundle is rendered to
 * PDF: a SHA-256 digest proves the content is unchanged, not that it came from Rampart, so the
 * renderer never trusts the shape of what it is given. Unknown members are allowed (additive).
 */
import { z } from 'zod';

const str = z.string().max(10_000);
const n = z.number().int().min(0);
const nullableStr = str.nullable();
const counts = { passed: n, failed: n, excepted: n };

export const evidenceBundleSchema = z.looseObject({
  kind: z.literal('rampart-evidence-pack'),
  version: z.number().int(),
  generatedAt: str,
  generatedBy: nullableStr,
  framework: z.looseObject({ id: str, name: str, description: str }),
  scope: z.looseObject({ type: z.enum(['cluster', 'fleet']), clusterIds: z.array(str).max(10_000), period: z.looseObject({ from: str, to: str }) }),
  formula: str,
  summary: z.looseObject({ ...counts, notAssessed: n, manual: n, attested: n, assessed: n, percent: z.number().min(0).max(100).nullable() }),
  clusters: z.array(z.looseObject({ id: str, name: str, kubernetesVersion: nullableStr, latestScan: z.looseObject({ id: str, finishedAt: str }).nullable(), compliancePercent: z.number().nullable() })).max(10_000),
  controls: z.array(z.looseObject({ id: str, title: str, group: str, assessment: str, status: str, reason: nullableStr, note: nullableStr, checks: z.array(z.looseObject({ checkId: str, ...counts, resourcesEvaluated: n })).max(500), resourcesEvaluated: n })).max(2_000),
  notAssessed: z.array(z.looseObject({ id: str, title: str, reason: nullableStr, note: nullableStr })).max(2_000),
  coverageGaps: z.array(z.looseObject({ cluster: str, resource: str, reason: str, message: nullableStr })).max(50_000),
  exceptions: z.array(z.looseObject({ checkId: nullableStr, controls: z.array(str).max(500), cluster: nullableStr, resource: nullableStr, reason: str, requestedBy: nullableStr, approvedBy: nullableStr, expiresAt: nullableStr, status: str })).max(50_000),
  attestations: z.array(z.looseObject({ controlId: str, clusterId: nullableStr, note: str, attestedBy: nullableStr, attestedAt: str, expiresAt: str, revokedAt: nullableStr })).max(50_000),
  scoreHistory: z.array(z.looseObject({ cluster: str, at: str, cause: str, score: z.number(), partial: z.boolean() })).max(100_000),
  complianceHistory: z.array(z.looseObject({ at: str, percent: z.number().nullable(), ...counts })).max(100_000),
  digest: z.looseObject({ algorithm: z.literal('sha256'), canonicalization: str, value: z.string().regex(/^[0-9a-f]{64}$/) }),
});
