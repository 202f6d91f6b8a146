'use client';

import { clsx } from 'clsx';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Logo } from './logo';
import { isActive, navItemsFor } from './nav-items';

/** Left navigation. On wide screens always visible; below lg it is a drawer opened from the top bar. */
export function Sidebar({ open, onNavigate, role, teamScoped = false }: { open: boolean; onNavigate: () => void; role: string; teamScoped?: boolean }) {
  const pathname = usePathname();
  return (
    <aside
      id="sidebar"
      className={clsx(
        'fixed inset-y-0 left-0 z-40 flex w-60 flex-col border-r border-border bg-surface max-lg:transition-transform lg:translate-x-0',
        // Closed on small screens: off-screen and out of the tab order.
        open ? 'translate-x-0 shadow-xl' : '-translate-x-full max-lg:invisible',
      )}
    >
      <div className="flex h-14 items-center gap-2.5 border-b border-border px-5">
        <Logo className="size-7" />
        <span className="text-base font-semibold tracking-tight">Rampart</span>
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
        <ul className="space-y-1">
          {navItemsFor(role, teamScoped).map((item) => {
            const active = isActive(pathname, item.href);
            const Icon = item.icon;
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  onClick={onNavigate}
                  aria-current={active ? 'page' : undefined}
                  title={item.description}
                  className={clsx(
                    'group relative flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                    active ? 'bg-accent-soft text-accent' : 'text-muted hover:bg-surface-muted hover:text-foreground',
                  )}
                >
                  {active ? <span className="absolute inset-y-1.5 left-0 w-0.5 rounded-full bg-accent" aria-hidden="true" /> : null}
                  <Icon className={clsx('size-4 shrink-0', active ? 'text-accent' : 'text-subtle group-hover:text-foreground')} aria-hidden="true" />
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="border-t border-border px-5 py-3 text-xs text-subtle">Kubernetes hardening posture</div>
    </aside>
  );
}
