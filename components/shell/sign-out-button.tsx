'use client';

import { LogOut } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Ends the session (better-auth /api/auth/sign-out) and goes to the sign-in page. */
export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      className={className}
      loading={pending}
      icon={<LogOut className="size-4" aria-hidden="true" />}
      onClick={async () => {
        setPending(true);
        try {
          await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        } finally {
          // A full navigation drops every cached page and query of the old session.
          window.location.assign('/sign-in');
        }
      }}
    >
      Sign out
    </Button>
  );
}
