/** DELETE /api/compliance/attestations/[id] — revoke an attestation (analyst+); audited. */
import { withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { revokeAttestation } from '@/lib/compliance/attestations';
import { attestationIdSchema } from '@/lib/compliance/http';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

export const DELETE = withAuth('analyst', async (req, { user, params }) => {
  const id = attestationIdSchema.parse(params.id);
  const attestation = await revokeAttestation(await getDb(), id, actionContext(req, user));
  return noStoreJson({ attestation });
});
