'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

const MIN_LENGTH = 12;

/**
 * Changes the signed-in user's password through better-auth (/api/auth/change-password),
 * signing out their other sessions. Rampart clears the "must change password" flag and
 * records an audit event when it succeeds.
 */
export function ChangePasswordForm({ redirectTo, onDone }: { redirectTo?: string; onDone?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = 'Enter your current password.';
    if (next.length < MIN_LENGTH) found.next = `Use at least ${MIN_LENGTH} characters.`;
    else if (next === current) found.next = 'Choose a password different from the current one.';
    if (confirm !== next) found.confirm = 'The two new passwords differ.';
    setErrors(found);
    setDone(false);
    if (Object.keys(found).length) return;

    setPending(true);
    try {
      const response = await fetch('/api/auth/change-password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ currentPassword: current, newPassword: next, revokeOtherSessions: true }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
        if (body.code === 'INVALID_PASSWORD') {
          setErrors({ current: 'The current password is wrong.' });
        } else if (response.status === 429) {
          setErrors({ form: 'Too many attempts. Wait a minute and try again.' });
        } else if (body.code === 'PASSWORD_TOO_SHORT' || body.code === 'PASSWORD_TOO_LONG') {
          setErrors({ next: body.code === 'PASSWORD_TOO_SHORT' ? `Use at least ${MIN_LENGTH} characters.` : 'That password is too long.' });
        } else {
          setErrors({ form: body.message ?? `The password was not changed (server answered ${response.status}).` });
        }
        return;
      }
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      onDone?.();
      if (redirectTo) window.location.assign(redirectTo);
    } catch {
      setErrors({ form: 'Cannot reach the Rampart server. Check your connection and try again.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Change password">
      {errors.form ? (
        <p role="alert" className="rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
          {errors.form}
        </p>
      ) : null}
      {done && !redirectTo ? (
        <p role="status" className="rounded-md border border-success/30 bg-success-soft px-3 py-2 text-sm text-success">
          Password changed. Your other sessions were signed out.
        </p>
      ) : null}
      <Field label="Current password" error={errors.current}>
        {(props) => <Input {...props} type="password" name="current-password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label="New password" hint={`At least ${MIN_LENGTH} characters. A passphrase is easiest to remember.`} error={errors.next}>
        {(props) => <Input {...props} type="password" name="new-password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label="Confirm new password" error={errors.confirm}>
        {(props) => <Input {...props} type="password" name="confirm-password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
      </Field>
      <Button type="submit" loading={pending} className={redirectTo ? 'w-full' : undefined}>
        Change password
      </Button>
    </form>
  );
}
