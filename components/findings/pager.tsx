import { ButtonLink } from '@/components/ui';
import { formatCount } from '@/lib/format';

export interface PagerLinks {
  first?: string;
  prev?: string;
  next?: string;
  last?: string;
}

/**
 * Page navigation both ways: first, previous, nearby page numbers, next, last. Page numbers are
 * links only where the server can jump there directly (`jumpHref` returns undefined otherwise).
 */
export function Pager({
  page,
  totalPages,
  links,
  jumpHref,
  summary,
}: {
  page: number;
  /** null when the total is an estimate or unknown. */
  totalPages: number | null;
  links: PagerLinks;
  jumpHref: (page: number) => string | undefined;
  summary: string;
}) {
  const numbers: number[] = [];
  for (let n = Math.max(1, page - 2); n <= page + 2 && (totalPages === null || n <= totalPages); n++) if (n === page || jumpHref(n)) numbers.push(n);
  if (totalPages === null && !links.next) numbers.splice(numbers.indexOf(page) + 1);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2">
      <p className="text-xs text-muted" data-testid="findings-total">
        {summary}
      </p>
      <div className="flex flex-wrap items-center gap-1">
        <PageLink href={page > 1 ? links.first : undefined} label="First" />
        <PageLink href={links.prev} label="Previous" />
        {numbers.map((n) =>
          n === page ? (
            <span key={n} aria-current="page" className="min-w-8 rounded-md bg-accent-soft px-2 py-1 text-center text-sm font-semibold text-accent">
              {formatCount(n)}
            </span>
          ) : (
            <ButtonLink key={n} href={jumpHref(n)!} variant="ghost" size="sm" aria-label={`Page ${n}`}>
              {formatCount(n)}
            </ButtonLink>
          ),
        )}
        <PageLink href={links.next} label="Next" />
        <PageLink href={totalPages !== null && page < totalPages ? links.last : undefined} label="Last" />
      </div>
    </nav>
  );
}

function PageLink({ href, label }: { href?: string; label: string }) {
  if (!href)
    return (
      <span aria-disabled="true" className="rounded-md px-2.5 py-1 text-sm text-muted/60">
        {label}
      </span>
    );
  return (
    <ButtonLink href={href} variant="secondary" size="sm">
      {label}
    </ButtonLink>
  );
}
