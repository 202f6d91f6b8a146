'use client';

import { Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, CardBody, CardHeader, Input, Label, Select, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';
import { SCOPE_KIND_LABELS, SCOPE_KINDS, type ScopeKind } from '@/lib/teams/ownership';
import type { SlaPolicy } from '@/lib/sla/policy';
import type { TeamDto } from '@/lib/teams/dto';
import { TeamSlaForm } from './team-sla-form';
import { useTeamAction } from './use-team-action';

export interface UserOption {
  id: string;
  name: string;
  email: string;
}

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const KIND_HINTS: Record<ScopeKind, string> = {
  cluster: '',
  namespace: 'e.g. payments',
  namespace_glob: 'e.g. payments-* or *-prod',
  namespace_label: 'e.g. team=payments',
  resource_label: 'e.g. app=checkout,tier=web',
};

/** One team: its name, members with their role within it, the scopes it owns and its remediation SLA. */
export function TeamCard({ team, users, clusters, instanceSla }: { team: TeamDto; users: UserOption[]; clusters: Array<{ id: string; name: string }>; instanceSla: SlaPolicy }) {
  const { run, error, busy } = useTeamAction();
  const base = `/api/teams/${encodeURIComponent(team.id)}`;
  const [member, setMember] = useState({ userId: '', role: 'viewer' as Role });
  const [scope, setScope] = useState({ clusterId: '', kind: 'namespace' as ScopeKind, value: '' });
  const outside = users.filter((u) => !team.members.some((m) => m.userId === u.id));

  async function addMember(e: FormEvent) {
    e.preventDefault();
    if (await run(`${base}/members`, 'PUT', member)) setMember({ userId: '', role: 'viewer' });
  }
  async function addScope(e: FormEvent) {
    e.preventDefault();
    const body = { clusterId: scope.clusterId || null, kind: scope.kind, ...(scope.kind === 'cluster' ? {} : { value: scope.value }) };
    if (await run(`${base}/scopes`, 'POST', body)) setScope({ ...scope, value: '' });
  }

  return (
    <Card>
      <CardHeader
        title={team.name}
        description={team.description ?? undefined}
        actions={
          <Button variant="ghost" size="sm" aria-label={`Delete team ${team.name}`} onClick={() => run(base, 'DELETE')} disabled={busy}>
            <Trash2 className="size-4" aria-hidden="true" />
          </Button>
        }
      />
      <CardBody className="space-y-5 text-sm">
        {error ? (
          <p role="alert" className="rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-danger">
            {error}
          </p>
        ) : null}
        <section aria-label={`Members of ${team.name}`} className="space-y-2">
          <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">Members</h3>
          {team.members.length ? (
            <Table>
              <THead>
                <tr>
                  <TH>Person</TH>
                  <TH>Role in the team</TH>
                  <TH>
                    <span className="sr-only">Remove</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {team.members.map((m) => (
                  <TR key={m.userId}>
                    <TD>
                      {m.name || m.email} <span className="text-xs text-muted">{m.email}</span>
                      {m.source === 'oidc' ? <Badge className="ml-2">from OIDC group</Badge> : null}
                      {m.fleetAccess ? <Badge className="ml-2">fleet view</Badge> : null}
                    </TD>
                    <TD>
                      <Select aria-label={`Role of ${m.email} in ${team.name}`} value={m.role} options={ROLE_OPTIONS} onChange={(e) => run(`${base}/members`, 'PUT', { userId: m.userId, role: e.target.value })} />
                    </TD>
                    <TD>
                      <Button variant="ghost" size="sm" aria-label={`Remove ${m.email} from ${team.name}`} onClick={() => run(`${base}/members/${encodeURIComponent(m.userId)}`, 'DELETE')} disabled={busy}>
                        <Trash2 className="size-4" aria-hidden="true" />
                      </Button>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          ) : (
            <p className="text-muted">No members yet.</p>
          )}
          <form onSubmit={addMember} className="flex flex-wrap items-end gap-2" aria-label={`Add a member to ${team.name}`}>
            <div>
              <Label htmlFor={`${team.id}-user`}>Person</Label>
              <Select id={`${team.id}-user`} className="mt-1" value={member.userId} placeholder="Pick a person" options={outside.map((u) => ({ value: u.id, label: `${u.name || u.email} (${u.email})` }))} onChange={(e) => setMember({ ...member, userId: e.target.value })} />
            </div>
            <div>
              <Label htmlFor={`${team.id}-role`}>Role</Label>
              <Select id={`${team.id}-role`} className="mt-1" value={member.role} options={ROLE_OPTIONS} onChange={(e) => setMember({ ...member, role: e.target.value as Role })} />
            </div>
            <Button type="submit" variant="secondary" size="sm" disabled={busy || !member.userId}>
              Add member
            </Button>
          </form>
        </section>
        <section aria-label={`Scopes of ${team.name}`} className="space-y-2">
          <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">Owns</h3>
          {team.scopes.length ? (
            <ul className="space-y-1">
              {team.scopes.map((s) => (
                <li key={s.id} className="flex items-center gap-2">
                  <span>{s.summary}</span>
                  <Button variant="ghost" size="sm" aria-label={`Remove scope ${s.summary}`} onClick={() => run(`${base}/scopes/${encodeURIComponent(s.id)}`, 'DELETE')} disabled={busy}>
                    <Trash2 className="size-4" aria-hidden="true" />
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-muted">Nothing yet: its members see nothing until the team owns part of the fleet.</p>
          )}
          <form onSubmit={addScope} className="flex flex-wrap items-end gap-2" aria-label={`Add a scope to ${team.name}`}>
            <div>
              <Label htmlFor={`${team.id}-cluster`}>Cluster</Label>
              <Select id={`${team.id}-cluster`} className="mt-1" value={scope.clusterId} placeholder="Every cluster" options={clusters.map((c) => ({ value: c.id, label: c.name }))} onChange={(e) => setScope({ ...scope, clusterId: e.target.value })} />
            </div>
            <div>
              <Label htmlFor={`${team.id}-kind`}>Matches</Label>
              <Select id={`${team.id}-kind`} className="mt-1" value={scope.kind} options={SCOPE_KINDS.map((k) => ({ value: k, label: SCOPE_KIND_LABELS[k] }))} onChange={(e) => setScope({ ...scope, kind: e.target.value as ScopeKind })} />
            </div>
            {scope.kind !== 'cluster' ? (
              <div>
                <Label htmlFor={`${team.id}-value`}>Value</Label>
                <Input id={`${team.id}-value`} className="mt-1" placeholder={KIND_HINTS[scope.kind]} value={scope.value} onChange={(e) => setScope({ ...scope, value: e.target.value })} />
              </div>
            ) : null}
            <Button type="submit" variant="secondary" size="sm" disabled={busy}>
              Add scope
            </Button>
          </form>
        </section>
        <TeamSlaForm teamId={team.id} teamName={team.name} overrides={team.slaOverrides} instance={instanceSla} />
      </CardBody>
    </Card>
  );
}
