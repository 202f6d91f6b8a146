/**
 * GET /api/settings/trusted-registries — the registries images may come from (viewer+).
 * PUT /api/settings/trusted-registries — `{ registries: string[] }` (admin): replaces the list the
 *   image-untrusted-registry check uses from the next scan on; audited with the list before and after.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getTrustedRegistries, setTrustedRegistries, trustedRegistriesInputSchema } from '@/lib/scans/trusted-registries';

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async () => noStoreJson(await getTrustedRegistries(await getDb())));

export const PUT = withAuth('admin', async (req, { user }) => {
  const input = await parseJsonBody(req, trustedRegistriesInputSchema);
  return noStoreJson(await setTrustedRegistries(await getDb(), input, actionContext(req, user)));
});
