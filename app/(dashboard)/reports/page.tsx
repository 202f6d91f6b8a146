import type { Metadata } from 'next';
import { ReportBuilder } from '@/components/reports/report-builder';
import { ReportSchedules } from '@/components/reports/report-schedules';
import { ReportsList } from '@/components/reports/reports-list';
import { ButtonLink, EmptyState, PageHeader } from '@/components/ui';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listReportSchedules, listReports } from '@/lib/reports/service';

export const metadata: Metadata = { title: 'Reports' };
export const dynamic = 'force-dynamic';

export default async function ReportsPage() {
  await requireUser('analyst');
  const db = await getDb();
  const [clusters, reports, schedules, webhooks] = await Promise.all([
    db.cluster.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    listReports(db),
    listReportSchedules(db),
    db.webhook.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
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
          <ReportBuilder clusters={clusters} />
          <ReportsList initial={reports} />
          <ReportSchedules initial={schedules} clusters={clusters} webhooks={webhooks} />
        </div>
      )}
    </>
  );
}
