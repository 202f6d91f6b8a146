import type { Metadata } from 'next';
import { TrustedRegistriesCard } from '@/components/settings/trusted-registries';
import { hasRole } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getTrustedRegistries } from '@/lib/scans/trusted-registries';

export const metadata: Metadata = { title: 'Scanning settings' };

export default async function ScanningSettingsPage() {
  const user = await requireUser('viewer');
  const { registries } = await getTrustedRegistries(await getDb());
  return (
    <div className="max-w-3xl">
      <TrustedRegistriesCard registries={registries} canEdit={hasRole(user.role, 'admin')} />
    </div>
  );
}
