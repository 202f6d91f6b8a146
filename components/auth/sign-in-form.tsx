'use client';

import { KeyRound, LogIn } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { safeNextPath } from '@/lib/auth/redirects';

interface Props {
  /** Where to go after signing in (checked on the server, and again before navigating). */
  next: string;
  /** The OIDC provider, when one is configured. */
  sso: { name: string } | null;
  /** `error` query parameter the OIDC callback redirected back with. */
  ssoError?: string;
}

function ssoErrorMessage(code: string): string {
  if (code === 'signup_disabled') return 'Single sign-on could not create your account. Ask an administrator.';
  if (code === 'banned' || code === 'BANNED_USER') return 'This account is disabled. Ask a Rampart administrator to re-enable it.';
  return `Single sign-on did not complete (${code.replace(/[^\w .-]/g, '').slice(0, 60)}). Try again or sign in with your password.`;
}

async function describeFailure(response: Response): Promise<string> {
  let body: { code?: string; message?: string } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not JSON
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get('X-Retry-After'));
    const wait = Number.isFinite(seconds) && seconds > 0 ? `${seconds} second${seconds === 1 ? '' : 's'}` : 'a minute';
    return `Too many sign-in attempts from your address. Wait ${wait} and try again.`;
  }
  if (body.code === 'BANNED_USER') return 'This account is disabled. Ask a Rampart administrator to re-enable it.';
  if (response.status === 401 || body.code === 'INVALID_EMAIL_OR_PASSWORD') return 'Wrong email or password.';
  if (body.code === 'INVALID_EMAIL') return 'Enter a valid email address.';
  if (response.status === 403) return body.message ?? 'Sign-in was refused.';
  return `Sign-in failed: the server answered ${response.status}. Try again in a moment.`;
}

export function SignInForm({ next, sso, ssoError }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(ssoError ? ssoErrorMessage(ssoError) : null);
  const [pending, setPending] = useState<'password' | 'sso' | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setPending('password');
    try {
      const response = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: email.trim(), password }),
      });
      if (!response.ok) {
        setError(await describeFailure(response));
        setPending(null);
        return;
      }
      const body = (await response.json()) as { user?: { mustChangePassword?: boolean } };
      window.location.assign(body.user?.mustChangePassword ? '/change-password' : safeNextPath(next));
    } catch {
      setError('Cannot reach the Rampart server. Check your connection and try again.');
      setPending(null);
    }
  }

  async function onSso() {
    setError(null);
    setPending('sso');
    try {
      // The OIDC provider is registered as a better-auth social provider with id "oidc".
      const response = await fetch('/api/auth/sign-in/social', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ provider: 'oidc', callbackURL: safeNextPath(next), errorCallbackURL: '/sign-in', disableRedirect: true }),
      });
      const body = (await response.json().catch(() => ({}))) as { url?: string };
      if (!response.ok || !body.url) {
        setError(response.ok ? 'The identity provider did not answer.' : await describeFailure(response));
        setPending(null);
        return;
      }
      window.location.assign(body.url);
    } catch {
      setError('Cannot reach the Rampart server. Check your connection and try again.');
      setPending(null);
    }
  }

  return (
    <Card className="p-6 shadow-sm">
      <h1 className="text-lg font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-muted">Use the account an administrator created for you.</p>

      {error ? (
        <p role="alert" className="mt-4 rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="sign-in-error">
          {error}
        </p>
      ) : null}

      <form onSubmit={onSubmit} className="mt-5 space-y-4" noValidate={false}>
        <Field label="Email">
          {(props) => (
            <Input
              {...props}
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {(props) => (
            <Input
              {...props}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" className="w-full" loading={pending === 'password'} disabled={pending !== null} icon={<LogIn className="size-4" aria-hidden="true" />}>
          Sign in
        </Button>
      </form>

      {sso ? (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-subtle" aria-hidden="true">
            <span className="h-px flex-1 bg-border" />
            or
            <span className="h-px flex-1 bg-border" />
          </div>
          <Button
            variant="secondary"
            className="w-full"
            onClick={onSso}
            loading={pending === 'sso'}
            disabled={pending !== null}
            icon={<KeyRound className="size-4" aria-hidden="true" />}
          >
            Continue with {sso.name}
          </Button>
        </>
      ) : null}
    </Card>
  );
}
