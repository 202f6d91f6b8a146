import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireScope } from '@/lib/auth/session';

/** Every dashboard page: signed in (any role), password changed, inside the app shell. Each page checks its own access. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user, scope } = await requireScope('viewer');
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} teamScoped={scope.kind === 'teams'}>
      {children}
    </AppShell>
  );
}
