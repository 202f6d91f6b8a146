import type { Metadata } from 'next';
import { ExceptionPolicyCard } from '@/components/exceptions/exception-policy';
import { ExceptionsManager } from '@/components/exceptions/exceptions-manager';
import { SlaPolicyCard } from '@/components/exceptions/sla-policy';
import { StaleExceptionReportCard } from '@/components/exceptions/stale-report';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getExceptionPolicy } from '@/lib/exceptions';
import { staleExceptionReport } from '@/lib/exceptions/stale';
import { getSlaPolicy } from '@/lib/sla/settings';

export const metadata: Metadata = { title: 'Exceptions' };

/**
 * A team member sees the exceptions over their teams' findings (the list and the stale report, both
 * limited by GET /api/exceptions and staleExceptionReport) without the actions: approving, rejecting
 * and revoking stay with fleet analysts and admins.
 */
export default async function ExceptionsSettingsPage() {
  const { user, scope } = await requireScope('viewer');
  const db = await getDb();
  const [policy, sla, stale] = await Promise.all([getExceptionPolicy(db), getSlaPolicy(db), staleExceptionReport(db, new Date(), scope)]);
  const fleet = scope.kind === 'fleet';
  const isAdmin = fleet && hasRole(user.role, 'admin');
  return (
    <div className="space-y-6">
      <ExceptionsManager canEdit={fleet && hasRole(user.role, 'analyst')} currentUserId={user.id} allowSelfApproval={policy.allowSelfApproval} />
      <StaleExceptionReportCard report={stale} />
      <div className="grid gap-6 xl:grid-cols-2">
        <SlaPolicyCard policy={sla} canEdit={isAdmin} />
        {isAdmin ? <ExceptionPolicyCard allowSelfApproval={policy.allowSelfApproval} /> : null}
      </div>
    </div>
  );
}
