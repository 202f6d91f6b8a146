import type { Metadata } from 'next';
import { ExceptionsManager } from '@/components/exceptions/exceptions-manager';
import { hasRole } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Exceptions' };

export default async function ExceptionsSettingsPage() {
  const user = await requireUser('viewer');
  return <ExceptionsManager canEdit={hasRole(user.role, 'analyst')} />;
}
