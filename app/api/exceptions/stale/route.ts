/**
 * GET /api/exceptions/stale — the stale-exception report (viewer+): active exceptions covering no
 * open finding, requests waiting over a week, exceptions expiring within two weeks, and open-ended
 * ones approved over 180 days ago (lib/exceptions/stale.ts). A team member gets the report over the
 * exceptions they see (their teams' findings).
 */
import { withAuth } from '@/lib/auth/api';
import { noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { staleExceptionReport } from '@/lib/exceptions/stale';

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async (_req, { scope }) => noStoreJson(await staleExceptionReport(await getDb(), new Date(), scope)), { teams: true });
