import type { Metadata } from 'next';
import { AuditLog } from '@/components/settings/audit-log';
import { getAuthDb } from '@/lib/auth/auth';
import { listAuditActions } from '@/lib/auth/audit-log';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditSettingsPage() {
  await requireUser('admin');
  const actions = await listAuditActions(await getAuthDb());
  return <AuditLog actions={actions} />;
}
