import type { Metadata } from 'next';
import { TeamsManager } from '@/components/teams/teams-manager';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getSlaPolicy } from '@/lib/sla/settings';
import { listTeamCandidates, listTeams } from '@/lib/teams/service';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsSettingsPage() {
  await requireUser('admin');
  const db = await getDb();
  const [teams, users, clusters, instanceSla] = await Promise.all([listTeams(db), listTeamCandidates(db), db.cluster.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }), getSlaPolicy(db)]);
  return <TeamsManager teams={teams} users={users} clusters={clusters} instanceSla={instanceSla} />;
}
