import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { getDb } from '@/lib/db/client';
import { reportIdSchema } from '@/lib/reports/http';
import { getReport } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

/** One report's status and progress (the Reports page polls it); a report a team member may not read is not found. */
export const GET = withAuth(
  'analyst',
  async (_req, { params, scope }) => {
    const id = reportIdSchema.parse(params.id);
    const report = await getReport(await getDb(), id, scope);
    if (!report) throw new AppError(404, `No report with id "${id}": it may have expired and been deleted.`);
    return Response.json({ report }, { headers: { 'Cache-Control': 'no-store' } });
  },
  { teams: true },
);
