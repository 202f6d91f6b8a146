import type { Metadata } from 'next';
import { ExceptionPolicyCard } from '@/components/exceptions/exception-policy';
import { ExceptionsManager } from '@/components/exceptions/exceptions-manager';
import { hasRole } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getExceptionPolicy } from '@/lib/exceptions';

export const metadata: Metadata = { title: 'Exceptions' };

export default async function ExceptionsSettingsPage() {
  const user = await requireUser('viewer');
  const policy = await getExceptionPolicy(await getDb());
  return (
    <div className="space-y-6">
      <ExceptionsManager canEdit={hasRole(user.role, 'analyst')} currentUserId={user.id} allowSelfApproval={policy.allowSelfApproval} />
      {hasRole(user.role, 'admin') ? <ExceptionPolicyCard allowSelfApproval={policy.allowSelfApproval} /> : null}
    </div>
  );
}
