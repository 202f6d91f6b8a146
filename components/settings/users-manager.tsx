'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ban, CircleCheck, KeyRound, Pencil, RefreshCw, Trash2, UserPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { RoleBadge } from '@/components/shell/role-badge';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { ConfirmDialog, Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/relative-time';
import { Select } from '@/components/ui/select';
import { ErrorState } from '@/components/ui/states';
import { Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { apiFetch, ApiError } from '@/lib/api-client';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';
import type { UserSummary } from '@/lib/auth/users';

const QUERY_KEY = ['users'];
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r]} — ${ROLE_DESCRIPTIONS[r]}` }));

/** 20 characters from the browser's CSPRNG, without look-alike characters. */
function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.issues) return {};
  return Object.fromEntries(error.issues.map((i) => [i.path[0] ?? 'form', i.message]));
}

function PasswordInput({ value, onChange, ...props }: { value: string; onChange: (v: string) => void; id: string }) {
  return (
    <div className="flex gap-2">
      <Input {...props} type="text" autoComplete="new-password" spellCheck={false} className="font-mono" value={value} onChange={(e) => onChange(e.target.value)} required minLength={12} />
      <Button variant="secondary" onClick={() => onChange(generatePassword())} icon={<RefreshCw className="size-4" aria-hidden="true" />}>
        Generate
      </Button>
    </div>
  );
}

function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [requireChange, setRequireChange] = useState(true);
  const create = useMutation({
    mutationFn: () => apiFetch('/api/users', { method: 'POST', body: { email, name, role, password, requirePasswordChange: requireChange } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      setEmail('');
      setName('');
      setRole('viewer');
      setPassword('');
      setRequireChange(true);
      onClose();
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add a user"
      description="Give them the initial password through a channel you trust."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" form="create-user" loading={create.isPending}>Create user</Button>
        </>
      }
    >
      <form
        id="create-user"
        className="space-y-4"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        {create.isError && !Object.keys(errors).length ? <ErrorState title="The user was not created" error={create.error} /> : null}
        <Field label="Email" error={errors.email}>
          {(props) => <Input {...props} type="email" name="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Name" error={errors.name}>
          {(props) => <Input {...props} name="name" required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Role" error={errors.role}>
          {(props) => <Select {...props} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} options={ROLE_OPTIONS} />}
        </Field>
        <Field label="Initial password" hint="At least 12 characters." error={errors.password}>
          {(props) => <PasswordInput {...props} value={password} onChange={setPassword} />}
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={requireChange} onChange={(e) => setRequireChange(e.target.checked)} className="size-4 accent-[var(--accent)]" />
          Require a new password at first sign-in
        </label>
      </form>
    </Dialog>
  );
}

function EditUserDialog({ user, onClose }: { user: UserSummary | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<string>(user?.role ?? 'viewer');
  const save = useMutation({
    mutationFn: () => apiFetch(`/api/users/${encodeURIComponent(user!.id)}`, { method: 'PATCH', body: { name, role } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      onClose();
    },
  });
  return (
    <Dialog
      open={user !== null}
      onClose={onClose}
      title={`Edit ${user?.email ?? ''}`}
      description="A role change takes effect on the user's next request."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" form="edit-user" loading={save.isPending}>Save</Button>
        </>
      }
    >
      <form id="edit-user" className="space-y-4" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        {save.isError ? <ErrorState title="Not saved" error={save.error} /> : null}
        <Field label="Name">{(props) => <Input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label="Role">{(props) => <Select {...props} value={role} onChange={(e) => setRole(e.target.value)} options={ROLE_OPTIONS} />}</Field>
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: UserSummary | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => apiFetch(`/api/users/${encodeURIComponent(user!.id)}/password`, { method: 'POST', body: { password, requirePasswordChange: true } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      setPassword('');
      onClose();
    },
  });
  const errors = fieldErrors(reset.error);
  return (
    <Dialog
      open={user !== null}
      onClose={onClose}
      title={`Reset password for ${user?.email ?? ''}`}
      description="They are signed out everywhere and must choose a new password at their next sign-in."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" form="reset-password" variant="danger" loading={reset.isPending}>Reset password</Button>
        </>
      }
    >
      <form id="reset-password" className="space-y-4" onSubmit={(e) => { e.preventDefault(); reset.mutate(); }}>
        {reset.isError && !errors.password ? <ErrorState title="Not reset" error={reset.error} /> : null}
        <Field label="Temporary password" hint="At least 12 characters." error={errors.password}>
          {(props) => <PasswordInput {...props} value={password} onChange={setPassword} />}
        </Field>
      </form>
    </Dialog>
  );
}

export function UsersManager({ initialUsers, currentUserId }: { initialUsers: UserSummary[]; currentUserId: string }) {
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => apiFetch<{ users: UserSummary[] }>('/api/users').then((r) => r.users),
    initialData: initialUsers,
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserSummary | null>(null);
  const [resetting, setResetting] = useState<UserSummary | null>(null);
  const [toggling, setToggling] = useState<UserSummary | null>(null);
  const [deleting, setDeleting] = useState<UserSummary | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: QUERY_KEY });

  return (
    <Card>
      <CardHeader
        title="Users"
        id="users-heading"
        description="Admins manage users, clusters and settings; analysts run scans, record exceptions and export; viewers read."
        actions={
          <Button icon={<UserPlus className="size-4" aria-hidden="true" />} onClick={() => setCreating(true)}>
            Add user
          </Button>
        }
      />
      <div className="p-4">
        {users.isError ? <ErrorState className="mb-4" title="Could not refresh the user list" error={users.error} /> : null}
        <Table aria-labelledby="users-heading">
          <TableCaption>Rampart users with role, status and last sign-in</TableCaption>
          <THead>
            <tr>
              <TH>User</TH>
              <TH>Role</TH>
              <TH>Status</TH>
              <TH>Last sign-in</TH>
              <TH className="text-right">Actions</TH>
            </tr>
          </THead>
          <TBody>
            {users.data.map((u) => {
              const self = u.id === currentUserId;
              return (
                <TR key={u.id} data-testid={`user-row-${u.email}`}>
                  <TD>
                    <p className="font-medium">
                      {u.name} {self ? <span className="text-xs font-normal text-muted">(you)</span> : null}
                    </p>
                    <p className="text-xs text-muted">{u.email}</p>
                  </TD>
                  <TD><RoleBadge role={u.role} /></TD>
                  <TD>
                    <div className="flex flex-wrap gap-1">
                      {u.disabled ? <Badge tone="danger" dot title={u.disabledReason ?? undefined}>Disabled</Badge> : <Badge tone="success" dot>Active</Badge>}
                      {u.mustChangePassword ? <Badge tone="warning">Password change pending</Badge> : null}
                      {u.signInMethods.includes('sso') ? <Badge tone="info">SSO</Badge> : null}
                    </div>
                  </TD>
                  <TD className="text-sm text-muted">{u.lastSignInAt ? <RelativeTime date={u.lastSignInAt} /> : 'never'}</TD>
                  <TD>
                    <div className="flex justify-end gap-1">
                      <Button variant="ghost" size="icon" aria-label={`Edit ${u.email}`} title="Edit name and role" onClick={() => setEditing(u)}>
                        <Pencil className="size-4" aria-hidden="true" />
                      </Button>
                      <Button variant="ghost" size="icon" aria-label={`Reset password of ${u.email}`} title="Reset password" onClick={() => setResetting(u)}>
                        <KeyRound className="size-4" aria-hidden="true" />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        disabled={self}
                        aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
                        title={self ? 'You cannot disable yourself' : u.disabled ? 'Enable account' : 'Disable account'}
                        onClick={() => setToggling(u)}
                      >
                        {u.disabled ? <CircleCheck className="size-4" aria-hidden="true" /> : <Ban className="size-4" aria-hidden="true" />}
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        disabled={self}
                        className="text-danger"
                        aria-label={`Delete ${u.email}`}
                        title={self ? 'You cannot delete yourself' : 'Delete user'}
                        onClick={() => setDeleting(u)}
                      >
                        <Trash2 className="size-4" aria-hidden="true" />
                      </Button>
                    </div>
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      </div>

      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      {editing ? <EditUserDialog key={editing.id} user={editing} onClose={() => setEditing(null)} /> : null}
      {resetting ? <ResetPasswordDialog key={resetting.id} user={resetting} onClose={() => setResetting(null)} /> : null}
      <ConfirmDialog
        open={toggling !== null}
        onClose={() => setToggling(null)}
        title={toggling?.disabled ? `Enable ${toggling.email}?` : `Disable ${toggling?.email ?? ''}?`}
        description={toggling?.disabled ? 'They can sign in again.' : 'They are signed out at once and cannot sign in; their API tokens stop working.'}
        confirmLabel={toggling?.disabled ? 'Enable' : 'Disable'}
        variant={toggling?.disabled ? 'primary' : 'danger'}
        onConfirm={async () => {
          await apiFetch(`/api/users/${encodeURIComponent(toggling!.id)}`, { method: 'PATCH', body: { disabled: !toggling!.disabled } });
          await refresh();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.email ?? ''}?`}
        description="The account, its sessions and API tokens are removed. The audit trail keeps what they did."
        confirmLabel="Delete user"
        onConfirm={async () => {
          await apiFetch(`/api/users/${encodeURIComponent(deleting!.id)}`, { method: 'DELETE' });
          await refresh();
        }}
      />
    </Card>
  );
}
