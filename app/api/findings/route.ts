import { withAuth } from '@/lib/auth/api';
import { getCheck } from '@/lib/checks';
import { getDb } from '@/lib/db/client';
import { listFindings } from '@/lib/dashboard/findings';
import { groupFindings } from '@/lib/dashboard/findings-groups';
import { parseFindingFiltersOrExplain } from '@/lib/dashboard/findings-filters';

export const dynamic = 'force-dynamic';

const title = (id: string) => getCheck(id)?.title;

/**
 * Findings across one or all clusters, filtered, searched, sorted and paginated both ways:
 * ?cluster&section&check&severity=critical,high&status=open|excepted|resolved|all&namespace&kind&owner&team=<id>|unowned
 * &since=YYYY-MM-DD&q=<substring of resource, namespace, check or message>
 * &sort=severity|newest|oldest|resource|check|namespace&dir=asc|desc&limit&cursor|before|last=1|page.
 * → { findings, nextCursor, prevCursor, page, total: { count, exact } }.
 * With group=check|resource|namespace → { groups, truncated, page, total } instead (page by `page`).
 * A parameter that is not understood → 400 { error: "<what is wrong and what is accepted>" }.
 * A team-scoped caller gets only their teams' findings (lib/teams/scope.ts); each row names its owning team.
 */
export const GET = withAuth(
  'viewer',
  async (req, { scope }) => {
    const db = await getDb();
    const headers = { 'Cache-Control': 'no-store' };
    const filters = parseFindingFiltersOrExplain(req.nextUrl.searchParams);
    if (filters.group !== 'none') {
      return Response.json(await groupFindings(db, filters, filters.group, title, new Date(), req.nextUrl.searchParams.has('limit') ? filters.limit : 200, scope), { headers });
    }
    return Response.json(await listFindings(db, filters, title, new Date(), scope), { headers });
  },
  { teams: true },
);
