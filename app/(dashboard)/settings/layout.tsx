import type { ReactNode } from 'react';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { PageHeader } from '@/components/ui/page-header';
import { hasRole } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await requireUser('viewer');
  const isAdmin = hasRole(user.role, 'admin');
  return (
    <>
      <PageHeader
        title="Settings"
        description={isAdmin ? 'Your profile, the people who use Rampart, and the audit trail.' : 'Your profile, password, theme and API tokens.'}
      />
      <SettingsTabs isAdmin={isAdmin} />
      <div className="mt-6">{children}</div>
    </>
  );
}
