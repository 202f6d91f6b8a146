'use client';

import { clsx } from 'clsx';
import { Bell, History, ScanSearch, ShieldCheck, UserRound, Users, UsersRound } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { href: '/settings', label: 'Profile', icon: UserRound, admin: false, teams: true },
  { href: '/settings/users', label: 'Users', icon: Users, admin: true },
  { href: '/settings/teams', label: 'Teams', icon: UsersRound, admin: true },
  { href: '/settings/audit', label: 'Audit log', icon: History, admin: true },
  { href: '/settings/exceptions', label: 'Exceptions', icon: ShieldCheck, admin: false, teams: true },
  { href: '/settings/webhooks', label: 'Webhooks', icon: Bell, admin: true },
  { href: '/settings/scanning', label: 'Scanning', icon: ScanSearch, admin: false },
];

/**
 * Settings sub-navigation; admin-only sections are listed for admins only, and a team-scoped user
 * sees the sections limited to their teams (`teams`: their profile and the exceptions over their
 * findings); both also enforced on the server.
 */
export function SettingsTabs({ isAdmin, teamScoped = false }: { isAdmin: boolean; teamScoped?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="border-b border-border">
      <ul className="-mb-px flex gap-1">
        {TABS.filter((t) => (isAdmin || !t.admin) && (!teamScoped || t.teams)).map((tab) => {
          const active = pathname === tab.href;
          const Icon = tab.icon;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={clsx(
                  'flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium transition-colors',
                  active ? 'border-accent text-accent' : 'border-transparent text-muted hover:border-border-strong hover:text-foreground',
                )}
              >
                <Icon className="size-4" aria-hidden="true" />
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
