import { clsx } from 'clsx';
import type { DiffLine, YamlView } from '@/lib/dashboard/yaml-view';

/** A manifest as YAML with line numbers; the finding's field is highlighted and scrolled into view by id. */
export function YamlBlock({ view, label = 'Resource manifest (YAML)' }: { view: YamlView; label?: string }) {
  const { lines, highlight } = view;
  return (
    <pre className="max-h-[32rem] overflow-auto rounded-md border border-border bg-surface-muted/50 py-2 font-mono text-xs leading-5" tabIndex={0} aria-label={label}>
      <code>
        {lines.map((line, i) => {
          const n = i + 1;
          const hit = highlight && n >= highlight.from && n <= highlight.to;
          return (
            <div key={n} id={hit && n === highlight.from ? 'highlighted-field' : undefined} className={clsx('flex border-l-2', hit ? 'border-warning bg-warning-soft' : 'border-transparent')} data-highlighted={hit ? 'true' : undefined}>
              <span className="w-10 shrink-0 pr-3 text-right text-muted select-none" aria-hidden="true">
                {n}
              </span>
              <span className={clsx('pr-4 whitespace-pre', hit && 'font-semibold text-foreground')}>{line || ' '}</span>
            </div>
          );
        })}
      </code>
    </pre>
  );
}

const DIFF_CLASS: Record<DiffLine['kind'], string> = {
  same: 'text-muted',
  add: 'bg-success-soft text-success',
  remove: 'bg-danger-soft text-danger',
  gap: 'text-muted italic',
};
const DIFF_SIGN: Record<DiffLine['kind'], string> = { same: ' ', add: '+', remove: '-', gap: ' ' };

/** A unified-style line diff (+ added, - removed). */
export function DiffBlock({ lines, label }: { lines: DiffLine[]; label: string }) {
  return (
    <pre className="max-h-96 overflow-auto rounded-md border border-border bg-surface-muted/50 py-2 font-mono text-xs leading-5" tabIndex={0} aria-label={label}>
      <code>
        {lines.map((l, i) => (
          <div key={i} className={clsx('px-3 whitespace-pre', DIFF_CLASS[l.kind])}>
            <span aria-hidden="true">{DIFF_SIGN[l.kind]} </span>
            <span className="sr-only">{l.kind === 'add' ? 'added: ' : l.kind === 'remove' ? 'removed: ' : ''}</span>
            {l.text}
          </div>
        ))}
      </code>
    </pre>
  );
}
