import { clsx } from 'clsx';
import { AlertTriangle, Inbox } from 'lucide-react';
import type { ReactNode } from 'react';

/** Nothing to show yet: say why, and what to do about it. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  className,
}: {
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div className={clsx('flex flex-col items-center justify-center rounded-lg border border-dashed border-border-strong px-6 py-12 text-center', className)}>
      <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-surface-muted text-muted" aria-hidden="true">
        {icon ?? <Inbox className="size-5" />}
      </div>
      <h3 className="text-sm font-semibold text-foreground">{title}</h3>
      {description ? <p className="mt-1 max-w-md text-sm text-muted">{description}</p> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

/** Something failed: what, why (the server's message), and a way to retry. */
export function ErrorState({
  title = 'Something went wrong',
  error,
  action,
  className,
}: {
  title?: ReactNode;
  error?: unknown;
  action?: ReactNode;
  className?: string;
}) {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : null;
  return (
    <div role="alert" className={clsx('flex items-start gap-3 rounded-lg border border-danger/30 bg-danger-soft px-4 py-3 text-sm', className)}>
      <AlertTriangle className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="font-semibold text-danger">{title}</p>
        {message ? <p className="mt-0.5 break-words text-foreground">{message}</p> : null}
        {action ? <div className="mt-2">{action}</div> : null}
      </div>
    </div>
  );
}

/** A grey placeholder block while data loads. */
export function Skeleton({ className }: { className?: string }) {
  return <div className={clsx('animate-pulse rounded-md bg-surface-muted', className)} aria-hidden="true" />;
}

/** Screen-reader text plus skeleton rows, for a loading table or list. */
export function LoadingRows({ rows = 4, label = 'Loading…' }: { rows?: number; label?: string }) {
  return (
    <div className="space-y-2" role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
