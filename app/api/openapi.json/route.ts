/** GET /api/openapi.json — the OpenAPI 3.1 document of the automation API (any signed-in user or API token). */
import { withAuth } from '@/lib/auth/api';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async () => Response.json(buildOpenApiDocument(getConfig().RAMPART_BASE_URL), { headers: { 'Cache-Control': 'no-store' } }), { teams: true });
