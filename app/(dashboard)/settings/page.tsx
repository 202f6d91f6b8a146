import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { ApiTokens } from '@/components/settings/api-tokens';
import { NotificationPreferencesCard } from '@/components/settings/notification-preferences';
import { ThemeSetting } from '@/components/settings/theme-setting';
import { RoleBadge } from '@/components/shell/role-badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getNotificationPreferences } from '@/lib/notifications/email/preferences';
import { emailEnabled } from '@/lib/notifications/email/smtp-settings';

export const metadata: Metadata = { title: 'Settings' };

export default async function ProfileSettingsPage() {
  const { user, scope } = await requireScope('viewer');
  const preferences = await getNotificationPreferences(await getDb(), user.id);
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <div className="space-y-6">
        <Card>
          <CardHeader title="Profile" description="Your account as Rampart knows it. An administrator manages names and roles." />
          <CardBody>
            <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-3 text-sm">
              <dt className="text-muted">Name</dt>
              <dd className="font-medium">{user.name}</dd>
              <dt className="text-muted">Email</dt>
              <dd className="font-medium">{user.email}</dd>
              <dt className="text-muted">Role</dt>
              <dd>
                <RoleBadge role={user.role} />
                <p className="mt-1 text-xs text-muted">{ROLE_DESCRIPTIONS[user.role]}</p>
              </dd>
              <dt className="text-muted">Access</dt>
              <dd>
                {scope.kind === 'fleet'
                  ? 'Every cluster (fleet view).'
                  : scope.teams.length
                    ? `Your teams' clusters and namespaces: ${scope.teams.map((t) => `${t.name} (${t.role})`).join(', ')}.`
                    : 'No team yet: ask an administrator to add you to one.'}
              </dd>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Appearance" description="Stored in this browser." />
          <CardBody>
            <ThemeSetting />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Password" description="Changing it signs out your other sessions." />
          <CardBody className="max-w-md">
            <ChangePasswordForm />
          </CardBody>
        </Card>
      </div>
      <div className="space-y-6">
        <NotificationPreferencesCard initial={preferences} emailConfigured={emailEnabled()} />
        <ApiTokens />
      </div>
    </div>
  );
}
