import { clsx } from 'clsx';
import type { HTMLAttributes } from 'react';
import type { Grade, Severity } from '@/lib/vocabulary';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

const tones: Record<BadgeTone, string> = {
  neutral: 'bg-surface-muted text-muted ring-border',
  accent: 'bg-accent-soft text-accent ring-accent/25',
  success: 'bg-success-soft text-success ring-success/25',
  warning: 'bg-warning-soft text-warning ring-warning/25',
  danger: 'bg-danger-soft text-danger ring-danger/25',
  info: 'bg-info-soft text-info ring-info/25',
};

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: BadgeTone;
  /** A small dot before the text (status indicators). */
  dot?: boolean;
}

export function Badge({ tone = 'neutral', dot, className, children, ...rest }: BadgeProps) {
  return (
    <span
      className={clsx(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
      {...rest}
    >
      {dot ? <span className="size-1.5 rounded-full bg-current" aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

export type { Severity };

const severityClasses: Record<Severity, string> = {
  critical: 'text-severity-critical bg-severity-critical/10 ring-severity-critical/30',
  high: 'text-severity-high bg-severity-high/10 ring-severity-high/30',
  medium: 'text-severity-medium bg-severity-medium/10 ring-severity-medium/30',
  low: 'text-severity-low bg-severity-low/10 ring-severity-low/30',
  info: 'text-severity-info bg-severity-info/10 ring-severity-info/30',
};

/** Severity of a check or finding, colour-coded and always labelled (never colour alone). */
export function SeverityBadge({ severity, className }: { severity: Severity; className?: string }) {
  return (
    <span
      className={clsx(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-semibold capitalize ring-1 ring-inset',
        severityClasses[severity],
        className,
      )}
    >
      <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
      {severity}
    </span>
  );
}

export type { Grade };

const gradeClasses: Record<Grade, string> = {
  A: 'text-grade-a bg-grade-a/10 ring-grade-a/30',
  B: 'text-grade-b bg-grade-b/10 ring-grade-b/30',
  C: 'text-grade-c bg-grade-c/10 ring-grade-c/30',
  D: 'text-grade-d bg-grade-d/10 ring-grade-d/30',
  F: 'text-grade-f bg-grade-f/10 ring-grade-f/30',
};

/** A letter grade (A–F) in a square tile. */
export function GradeBadge({ grade, size = 'md', className }: { grade: Grade; size?: 'sm' | 'md' | 'lg'; className?: string }) {
  const sizeClass = { sm: 'size-6 text-xs', md: 'size-8 text-sm', lg: 'size-12 text-xl' }[size];
  return (
    <span
      className={clsx('inline-flex items-center justify-center rounded-md font-bold ring-1 ring-inset', gradeClasses[grade], sizeClass, className)}
      aria-label={`Grade ${grade}`}
    >
      {grade}
    </span>
  );
}
