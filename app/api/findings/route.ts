import { HttpError, withAuth } from '@/lib/auth/api';
import { getCheck } from '@/lib/checks';
import { getDb } from '@/lib/db/client';
import { groupFindings, InvalidCursorError, listFindings } from '@/lib/dashboard/findings';
import { parseFindingFilters } from '@/lib/dashboard/findings-filters';

export const dynamic = 'force-dynamic';

const title = (id: string) => getCheck(id)?.title;

/**
 * Findings across one or all clusters, filtered, sorted and keyset-paginated:
 * ?cluster&section&check&severity=critical,high&status=open|excepted|resolved|all&namespace&kind
 * &since=YYYY-MM-DD&q=<resource-name prefix or check id>&sort=severity|newest|oldest&limit&cursor.
 * → { findings, nextCursor }. With group=check|resource → { groups, truncated } instead.
 */
export const GET = withAuth('viewer', async (req) => {
  const filters = parseFindingFilters(req.nextUrl.searchParams);
  const db = await getDb();
  const headers = { 'Cache-Control': 'no-store' };
  if (filters.group !== 'none') return Response.json(await groupFindings(db, filters, filters.group, title), { headers });
  try {
    return Response.json(await listFindings(db, filters, title), { headers });
  } catch (err) {
    if (err instanceof InvalidCursorError) throw new HttpError(400, err.message);
    throw err;
  }
});
