import { FileQuestion } from 'lucide-react';
import { ButtonLink } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main id="main-content" className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <FileQuestion className="mx-auto size-10 text-subtle" aria-hidden="true" />
        <h1 className="mt-4 text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-muted">This page does not exist, or the object it showed has been deleted.</p>
        <ButtonLink href="/" variant="secondary" className="mt-6">
          Back to the overview
        </ButtonLink>
      </div>
    </main>
  );
}
