import type { Metadata } from 'next';
import { WebhooksManager } from '@/components/webhooks/webhooks-manager';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksSettingsPage() {
  await requireUser('admin');
  return <WebhooksManager />;
}
