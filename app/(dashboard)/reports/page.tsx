import type { Metadata } from 'next';
import { ReportBuilder } from '@/components/reports/report-builder';
import { ReportSchedules } from '@/components/reports/report-schedules';
import { ReportsList } from '@/components/reports/reports-list';
import { ButtonLink, EmptyState, PageHeader } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listReportSchedules, listReports } from '@/lib/reports/service';
import { clustersVisibleWhere } from '@/lib/teams/scope';

export const metadata: Metadata = { title: 'Reports' };
export const dynamic = 'force-dynamic';

/**
 * A team member builds and schedules reports over their teams' clusters and namespaces and sees the
 * reports and schedules made for their teams (lib/reports/access.ts); their schedules deliver only
 * to a webhook narrowed to their team.
 */
export default async function ReportsPage() {
  const { scope } = await requireScope('analyst');
  const fleet = scope.kind === 'fleet';
  const db = await getDb();
  const [clusters, reports, schedules, webhooks] = await Promise.all([
    db.cluster.findMany({ where: clustersVisibleWhere(scope), orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    listReports(db, 50, scope),
    listReportSchedules(db, new Date(), scope),
    db.webhook.findMany({ where: fleet ? {} : { teamId: { in: scope.teams.map((t) => t.id) } }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return (
    <>
      <PageHeader
        title="Reports"
        description="Remediation reports as PDF for people, and the findings as CSV, JSON (the CLI's schema) or SARIF 2.1.0 for machines."
      />
      {clusters.length === 0 ? (
        <EmptyState title="No clusters yet" description="Register and scan a cluster first; reports summarise its findings." action={<ButtonLink href="/clusters">Go to clusters</ButtonLink>} />
      ) : (
        <div className="space-y-6">
          <ReportBuilder clusters={clusters} teamScoped={!fleet} />
          <ReportsList initial={reports} />
          <ReportSchedules initial={schedules} clusters={clusters} webhooks={webhooks} teamScoped={!fleet} />
        </div>
      )}
    </>
  );
}
