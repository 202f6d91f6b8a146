import { clsx } from 'clsx';
import type { HTMLAttributes, ReactNode } from 'react';

export function Card({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={clsx('rounded-lg border border-border bg-surface shadow-xs', className)} {...rest} />;
}

export function CardHeader({
  title,
  description,
  actions,
  className,
  titleAs: Title = 'h2',
  id,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  titleAs?: 'h2' | 'h3';
  /** id of the title, for aria-labelledby on the surrounding section. */
  id?: string;
}) {
  return (
    <div className={clsx('flex items-start justify-between gap-4 border-b border-border px-5 py-4', className)}>
      <div className="min-w-0">
        <Title id={id} className="text-sm font-semibold text-foreground">
          {title}
        </Title>
        {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function CardBody({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={clsx('px-5 py-4', className)} {...rest} />;
}

export function CardFooter({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={clsx('flex items-center justify-end gap-2 border-t border-border px-5 py-3', className)} {...rest} />;
}

/** A number with a label, for summary rows ("12 clusters", "3 critical"). */
export function Stat({ label, value, hint, tone }: { label: ReactNode; value: ReactNode; hint?: ReactNode; tone?: 'default' | 'danger' | 'warning' | 'success' }) {
  const toneClass = { default: 'text-foreground', danger: 'text-danger', warning: 'text-warning', success: 'text-success' }[tone ?? 'default'];
  return (
    <Card className="px-5 py-4">
      <p className="text-xs font-medium tracking-wide text-muted uppercase">{label}</p>
      <p className={clsx('mt-1 text-2xl font-semibold tabular-nums', toneClass)}>{value}</p>
      {hint ? <p className="mt-1 text-xs text-muted">{hint}</p> : null}
    </Card>
  );
}
