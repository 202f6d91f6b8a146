import { withAuth } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { getCheckCatalog } from '@/lib/dashboard/check-catalog';

export const dynamic = 'force-dynamic';

/**
 * Every check with its metadata, framework mappings and fleet-wide results of the latest scans.
 * A team member: results over their teams' clusters only (of a cluster they own in part, their namespaces').
 */
export const GET = withAuth('viewer', async (_req, { scope }) => Response.json(await getCheckCatalog(await getDb(), scope), { headers: { 'Cache-Control': 'no-store' } }), { teams: true });
