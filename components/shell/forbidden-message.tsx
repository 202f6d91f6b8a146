import { ShieldX } from 'lucide-react';
import { ButtonLink } from '@/components/ui/button';

/** Shown (with HTTP 403) when a signed-in user opens a page their role does not allow. */
export function ForbiddenMessage() {
  return (
    <div className="mx-auto max-w-md py-16 text-center" data-testid="forbidden">
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-danger-soft text-danger">
        <ShieldX className="size-6" aria-hidden="true" />
      </div>
      <p className="mt-4 text-xs font-semibold tracking-wider text-danger uppercase">403 · Forbidden</p>
      <h1 className="mt-1 text-xl font-semibold">You don’t have access to this page</h1>
      <p className="mt-2 text-sm text-muted">
        Your role does not include this area. If you need it, ask a Rampart administrator to change your role.
      </p>
      <ButtonLink href="/" variant="secondary" className="mt-6">
        Back to the overview
      </ButtonLink>
    </div>
  );
}
