/**
 * POST /api/agent/v1/snapshots — `rampart agent` pushes a cluster snapshot here with its
 * enrolment token (`Authorization: Bearer rma_…`; not a user session: withAuth does not apply).
 * The body is read up to the size limit; lib/agent/ingest.ts decides (401 / 400 / 409 / 413 /
 * 202) and audits refusals.
 */
import { requestIp } from '@/lib/auth/audit';
import { ingestAgentUpload, maxUploadBytes } from '@/lib/agent/ingest';
import { getDb } from '@/lib/db/client';
import { getBoss } from '@/lib/jobs/boss';
import { enqueueScan } from '@/lib/jobs/scans';

export const dynamic = 'force-dynamic';

/** The body as text, or 'too-large' once more than `limit` bytes arrived (the rest is not read). */
async function readLimited(req: Request, limit: number): Promise<string | 'too-large'> {
  const declared = Number(req.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  if (!req.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function POST(req: Request): Promise<Response> {
  if (new URL(req.url).search) {
    return Response.json({ error: 'This endpoint takes no query parameters: send the upload as the JSON body.' }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
  const db = await getDb();
  const result = await ingestAgentUpload(
    db,
    { authorization: req.headers.get('authorization'), ip: requestIp(req.headers), body: await readLimited(req, maxUploadBytes()) },
    async (clusterId) => ({ scanId: (await enqueueScan(db, { clusterId, trigger: 'agent' }, await getBoss())).scan.id }),
  );
  return Response.json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
}
