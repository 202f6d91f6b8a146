'use client';

import { Menu } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import type { SessionUser } from '@/lib/auth/types';
import { RoleBadge } from './role-badge';
import { Sidebar } from './sidebar';
import { SignOutButton } from './sign-out-button';
import { ThemeToggle } from './theme-toggle';

function initials(user: Pick<SessionUser, 'name' | 'email'>): string {
  const source = user.name?.trim() || user.email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

/** The signed-in frame: skip link, navigation, top bar with the user, and the page in <main>. */
export function AppShell({ user, teamScoped = false, children }: { user: Pick<SessionUser, 'name' | 'email' | 'role'>; teamScoped?: boolean; children: ReactNode }) {
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setNavOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navOpen]);
  return (
    <div className="min-h-screen lg:pl-60">
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-foreground focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <Sidebar open={navOpen} onNavigate={() => setNavOpen(false)} role={user.role} teamScoped={teamScoped} />
      {navOpen ? <div className="fixed inset-0 z-30 bg-black/40 lg:hidden" aria-hidden="true" onClick={() => setNavOpen(false)} /> : null}

      <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-border bg-surface/85 px-4 backdrop-blur sm:px-6">
        <Button
          variant="ghost"
          size="icon"
          className="lg:hidden"
          aria-label={navOpen ? 'Close navigation' : 'Open navigation'}
          aria-expanded={navOpen}
          aria-controls="sidebar"
          onClick={() => setNavOpen((v) => !v)}
        >
          <Menu className="size-5" aria-hidden="true" />
        </Button>
        <div className="flex-1" />
        <ThemeToggle />
        <div className="mx-1 h-6 w-px bg-border" aria-hidden="true" />
        <Link
          href="/settings"
          className="flex items-center gap-2.5 rounded-md px-2 py-1 hover:bg-surface-muted"
          aria-label={`Your profile: ${user.name || user.email}, ${user.role}`}
        >
          <span className="flex size-8 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold text-accent" aria-hidden="true">
            {initials(user)}
          </span>
          <span className="hidden min-w-0 flex-col leading-tight sm:flex">
            <span className="max-w-48 truncate text-sm font-medium text-foreground" data-testid="current-user-name">
              {user.name || user.email}
            </span>
            <span className="max-w-48 truncate text-xs text-muted" data-testid="current-user-email">
              {user.email}
            </span>
          </span>
        </Link>
        <span data-testid="current-user-role">
          <RoleBadge role={user.role} />
        </span>
        <SignOutButton />
      </header>

      <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-[1440px] px-4 py-6 focus:outline-none sm:px-6 lg:px-8">
        {children}
      </main>
    </div>
  );
}
