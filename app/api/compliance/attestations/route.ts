/**
 * GET /api/compliance/attestations?framework&clusterId&status=active|all — attestations of manual
 * controls, newest first (viewer+). A team member: those for every cluster and those of their
 * teams' clusters (another cluster is a 404).
 * POST /api/compliance/attestations — attest a manual control (analyst+). Body:
 *   `{ framework, controlId, clusterId?, note, expiresAt }`; clusterId absent = every cluster. Audited.
 */
import { parseJsonBody, parseSearchParams, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { createAttestation, createAttestationSchema, listAttestations, listAttestationsQuerySchema } from '@/lib/compliance/attestations';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

export const GET = withAuth(
  'viewer',
  async (req, { scope }) => {
    const query = parseSearchParams(req, listAttestationsQuerySchema);
    return noStoreJson({ attestations: await listAttestations(await getDb(), query, new Date(), scope) });
  },
  { teams: true },
);

export const POST = withAuth('analyst', async (req, { user }) => {
  const input = await parseJsonBody(req, createAttestationSchema);
  const attestation = await createAttestation(await getDb(), input, actionContext(req, user));
  return noStoreJson({ attestation }, 201);
});
