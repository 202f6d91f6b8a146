import type { ReactNode } from 'react';
import { Logo } from '@/components/shell/logo';

/** Signed-out pages: a centred panel on a quiet background. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main-content" className="relative flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-0 -z-10 bg-[radial-gradient(ellipse_at_top,var(--accent-soft),transparent_60%)]"
      />
      <div className="mb-8 flex items-center gap-3">
        <Logo className="size-10" />
        <div>
          <p className="text-xl font-semibold tracking-tight">Rampart</p>
          <p className="text-xs text-muted">Kubernetes security posture</p>
        </div>
      </div>
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
