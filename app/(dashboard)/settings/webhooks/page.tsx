import type { Metadata } from 'next';
import { EmailDeliveryCard } from '@/components/settings/email-delivery';
import { WebhooksManager } from '@/components/webhooks/webhooks-manager';
import { requireUser } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { webhookFilterOptions } from '@/lib/notifications/webhooks';
import { smtpSettings } from '@/lib/notifications/email/smtp-settings';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksSettingsPage() {
  await requireUser('admin');
  const config = getConfig();
  const filterOptions = await webhookFilterOptions(await getDb());
  return (
    <div className="space-y-6">
      <WebhooksManager filterOptions={filterOptions} />
      <EmailDeliveryCard smtp={smtpSettings(config)} digestSchedule={`${config.RAMPART_DIGEST_CRON} (${config.RAMPART_DIGEST_TIMEZONE})`} />
    </div>
  );
}
