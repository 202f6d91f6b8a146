import type { ReactNode } from 'react';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { PageHeader } from '@/components/ui/page-header';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { user, scope } = await requireScope('viewer');
  const isAdmin = hasRole(user.role, 'admin');
  return (
    <>
      <PageHeader
        title="Settings"
        description={isAdmin ? 'Your profile, the people who use Rampart, and the audit trail.' : 'Your profile, password, theme and API tokens.'}
      />
      <SettingsTabs isAdmin={isAdmin} teamScoped={scope.kind === 'teams'} />
      <div className="mt-6">{children}</div>
    </>
  );
}
