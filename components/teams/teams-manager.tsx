'use client';

import { useState, type FormEvent } from 'react';
import { Button, Card, CardBody, CardHeader, EmptyState, Input, Label, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import type { SlaPolicy } from '@/lib/sla/policy';
import type { TeamDto } from '@/lib/teams/dto';
import { TeamCard, type UserOption } from './team-card';
import { useTeamAction } from './use-team-action';

export interface TeamUser extends UserOption {
  role: string;
  fleetAccess: boolean;
}

/**
 * Settings → Teams: create teams, give them members (with a role within the team) and scopes, and
 * choose who keeps the fleet view. Every change goes through the audited teams API.
 */
export function TeamsManager({ teams, users, clusters, instanceSla }: { teams: TeamDto[]; users: TeamUser[]; clusters: Array<{ id: string; name: string }>; instanceSla: SlaPolicy }) {
  const create = useTeamAction();
  const access = useTeamAction();
  const [draft, setDraft] = useState({ name: '', description: '' });
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await create.run('/api/teams', 'POST', { name: draft.name, ...(draft.description ? { description: draft.description } : {}) })) setDraft({ name: '', description: '' });
  }
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="New team" description="A team owns clusters, namespaces (by name, glob or label) or labelled resources; its members see and fix what it owns." />
        <CardBody>
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create a team">
            <div>
              <Label htmlFor="team-name">Team name</Label>
              <Input id="team-name" className="mt-1" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </div>
            <div className="min-w-64 flex-1">
              <Label htmlFor="team-description">Description (optional)</Label>
              <Input id="team-description" className="mt-1" value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
            </div>
            <Button type="submit" disabled={create.busy}>
              Create team
            </Button>
          </form>
          {create.error ? (
            <p role="alert" className="mt-2 text-sm text-danger">
              {create.error}
            </p>
          ) : null}
        </CardBody>
      </Card>
      {teams.length ? teams.map((t) => <TeamCard key={t.id} team={t} users={users} clusters={clusters} instanceSla={instanceSla} />) : <EmptyState title="No teams yet" description="Until there are teams, everyone keeps the fleet view and every finding is unowned." />}
      <Card>
        <CardHeader title="Fleet view" description="With the fleet view a person sees every cluster with their role. Without it, only their teams' part of the fleet, with their role in each team. Admins always keep it." />
        <CardBody>
          {access.error ? (
            <p role="alert" className="mb-2 text-sm text-danger">
              {access.error}
            </p>
          ) : null}
          <Table>
            <THead>
              <tr>
                <TH>Person</TH>
                <TH>Role</TH>
                <TH>Fleet view</TH>
              </tr>
            </THead>
            <TBody>
              {users.map((u) => (
                <TR key={u.id}>
                  <TD>
                    {u.name || u.email} <span className="text-xs text-muted">{u.email}</span>
                  </TD>
                  <TD>{u.role}</TD>
                  <TD>
                    <input
                      type="checkbox"
                      aria-label={`Fleet view for ${u.email}`}
                      className="size-4 accent-[var(--color-accent)]"
                      checked={u.fleetAccess || u.role === 'admin'}
                      disabled={u.role === 'admin' || access.busy}
                      onChange={(e) => access.run(`/api/users/${encodeURIComponent(u.id)}/access`, 'PUT', { fleetAccess: e.target.checked })}
                    />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardBody>
      </Card>
    </div>
  );
}
