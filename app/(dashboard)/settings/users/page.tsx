import type { Metadata } from 'next';
import { UsersManager } from '@/components/settings/users-manager';
import { getAuthDb } from '@/lib/auth/auth';
import { requireUser } from '@/lib/auth/session';
import { listUsers } from '@/lib/auth/users';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersSettingsPage() {
  const user = await requireUser('admin');
  const users = await listUsers(await getAuthDb());
  return <UsersManager initialUsers={users} currentUserId={user.id} />;
}
