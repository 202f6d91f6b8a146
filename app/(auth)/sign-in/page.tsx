import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getOidcSettings } from '@/lib/auth/auth';
import { safeNextPath } from '@/lib/auth/redirects';
import { getCurrentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const user = await getCurrentUser();
  if (user) redirect(user.mustChangePassword ? '/change-password' : next);
  const oidc = getOidcSettings();
  const ssoError = typeof params.error === 'string' ? params.error : undefined;
  return <SignInForm next={next} sso={oidc ? { name: oidc.name } : null} ssoError={ssoError} />;
}
