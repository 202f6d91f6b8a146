/**
 * GET /api/settings/sla — remediation SLA days per severity (viewer+).
 * PUT /api/settings/sla — `{ critical, high, medium, low }` in days (admin); audited.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { slaPolicySchema } from '@/lib/sla/policy';
import { getSlaPolicy, setSlaPolicy } from '@/lib/sla/settings';

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async () => noStoreJson({ policy: await getSlaPolicy(await getDb()) }));

export const PUT = withAuth('admin', async (req, { user }) => {
  const policy = await parseJsonBody(req, slaPolicySchema);
  return noStoreJson({ policy: await setSlaPolicy(await getDb(), policy, actionContext(req, user)) });
});
