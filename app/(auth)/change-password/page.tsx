import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { Card } from '@/components/ui/card';
import { getCurrentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Choose a new password' };

/** Where a user with a generated or reset password lands after signing in, before anything else. */
export default async function ChangePasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return (
    <Card className="p-6 shadow-sm">
      <h1 className="text-lg font-semibold">{user.mustChangePassword ? 'Choose a new password' : 'Change your password'}</h1>
      <p className="mt-1 text-sm text-muted">
        {user.mustChangePassword
          ? `You signed in as ${user.email} with a temporary password. Choose your own before continuing.`
          : `Signed in as ${user.email}.`}
      </p>
      <div className="mt-5">
        <ChangePasswordForm redirectTo="/" />
      </div>
      <div className="mt-4 flex justify-center border-t border-border pt-3">
        <SignOutButton />
      </div>
    </Card>
  );
}
