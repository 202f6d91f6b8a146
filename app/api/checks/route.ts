import { withAuth } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { getCheckCatalog } from '@/lib/dashboard/check-catalog';

export const dynamic = 'force-dynamic';

/** Every check with its metadata, framework mappings and fleet-wide results of the latest scans. */
export const GET = withAuth('viewer', async () => Response.json(await getCheckCatalog(await getDb()), { headers: { 'Cache-Control': 'no-store' } }));
