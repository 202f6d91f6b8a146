/**
 * GET /api/compliance/evidence?framework=cis-1.10&cluster=<id>&range=90d&format=json|pdf — the
 * evidence pack of a framework for one cluster (or, without `cluster`, the fleet) over a period
 * (analyst+): a JSON bundle sealed with a SHA-256 digest, or that bundle rendered to PDF (the
 * digest printed on every page; `X-Rampart-Evidence-Digest` carries it). Audited with the digest.
 * POST /api/compliance/evidence — body: a JSON bundle; verifies its digest and renders exactly that
 * bundle to PDF (so a downloaded JSON and its PDF carry the same digest). A bundle whose digest
 * does not match is a 400.
 *
 * Team members (no fleet view) may not generate one: a pack is an audit record of the fleet or of a
 * whole cluster, with every exception and attestation that bears on it, so GET answers them 403
 * with that reason. POST only renders the bundle it is given, so they may use it.
 */
import { parseSearchParams, readJsonBody, withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { clusterNotFound } from '@/lib/clusters/errors';
import { recordAudit, requestIp } from '@/lib/auth/audit';
import { complianceQuerySchema } from '@/lib/compliance/http';
import { buildEvidence, type EvidenceBundle } from '@/lib/compliance/evidence';
import { verifyEvidence, type EvidenceDigest } from '@/lib/compliance/evidence-digest';
import { evidenceBundleSchema } from '@/lib/compliance/evidence-schema';
import { trendWindow } from '@/lib/dashboard/trends-range';
import { getDb } from '@/lib/db/client';
import { renderEvidencePdfIsolated } from '@/lib/reports/pdf/isolated';
import { attachment } from '@/lib/reports/http';
import { z } from 'zod';

export const dynamic = 'force-dynamic';

const EVIDENCE_NEEDS_FLEET =
  'Evidence packs need the fleet view: a pack is an audit record of the fleet or of a whole cluster, with every exception and attestation that bears on it, and your account sees only your teams’ clusters and namespaces. Ask an administrator or a security analyst with the fleet view to generate it.';

const querySchema = complianceQuerySchema.extend({ format: z.enum(['json', 'pdf']).default('json') });

function fileName(b: EvidenceBundle, ext: string): string {
  const scope = b.scope.type === 'fleet' ? 'fleet' : (b.clusters[0]?.name ?? 'cluster');
  return `rampart-evidence-${b.framework.id}-${scope}-${b.generatedAt.slice(0, 10)}.${ext}`;
}

async function pdfResponse(bundle: EvidenceBundle & { digest: EvidenceDigest }): Promise<Response> {
  const pdf = await renderEvidencePdfIsolated(bundle);
  return new Response(new Uint8Array(pdf), {
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': attachment(fileName(bundle, 'pdf')), 'Content-Length': String(pdf.length), 'Cache-Control': 'no-store', 'X-Rampart-Evidence-Digest': bundle.digest.value },
  });
}

export const GET = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    if (scope.kind === 'teams') throw new AppError(403, EVIDENCE_NEEDS_FLEET);
    const q = parseSearchParams(req, querySchema);
    if (q.range === 'custom' && !(q.from && q.to && q.from < q.to)) throw new AppError(400, 'A custom range needs from and to dates, from before to.');
    const db = await getDb();
    const bundle = await buildEvidence(db, { framework: q.framework, clusterId: q.cluster ?? null, window: trendWindow({ range: q.range, from: q.from, to: q.to }), generatedBy: user.email });
    if (!bundle) throw clusterNotFound(q.cluster!);
    await recordAudit(db, { actor: user, ip: requestIp(req.headers), action: 'evidence.generated', targetType: q.cluster ? 'cluster' : 'fleet', targetId: q.cluster, details: { framework: q.framework, format: q.format, digest: bundle.digest.value, period: bundle.scope.period } });
    if (q.format === 'pdf') return pdfResponse(bundle);
    return new Response(JSON.stringify(bundle, null, 2) + '\n', {
      headers: { 'Content-Type': 'application/json', 'Content-Disposition': attachment(fileName(bundle, 'json')), 'Cache-Control': 'no-store', 'X-Rampart-Evidence-Digest': bundle.digest.value },
    });
  },
  { teams: true },
);

export const POST = withAuth(
  'analyst',
  async (req) => {
    const body = await readJsonBody(req);
    const verdict = verifyEvidence(body);
    if (!verdict.ok) throw new AppError(400, `This evidence bundle cannot be rendered: ${verdict.reason}.`);
    const bundle = evidenceBundleSchema.parse(body) as unknown as EvidenceBundle & { digest: EvidenceDigest };
    return pdfResponse(bundle);
  },
  { teams: true },
);
