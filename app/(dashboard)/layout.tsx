import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireUser } from '@/lib/auth/session';

/** Every dashboard page: signed in (any role), password changed, inside the app shell. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser('viewer');
  return <AppShell user={{ name: user.name, email: user.email, role: user.role }}>{children}</AppShell>;
}
