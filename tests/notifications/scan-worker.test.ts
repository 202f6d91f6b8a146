/**
 * End to end: a real scan of kube-sim (HTTPS) run by the scan worker on pg-boss ends in a signed
 * `scan.new_findings` webhook delivered over HTTP to a loopback receiver — the worker calls
 * notifyScanFinished, the notification worker delivers through the `webhook-delivery` queue.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss, enqueueScan, startScanWorker, type ScanWorker } from '@/lib/jobs';
import { startNotificationWorker, type NotificationWorker } from '@/lib/jobs/notifications';
import { createWebhook, verifyWebhookSignature, webhookInputSchema, type WebhookEnvelope } from '@/lib/notifications';
import { registerSimCluster, setUpScanFixture, waitFor, type ScanFixture } from '../scans/helpers';

let f: ScanFixture;
let boss: PgBoss;
let scanWorker: ScanWorker;
let notificationWorker: NotificationWorker;
let server: http.Server;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  f = await setUpScanFixture();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  boss = await createBoss({ connectionString: f.t.url, boss: { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 } });
  scanWorker = await startScanWorker({ db: f.t.db, boss, concurrency: 1, pollingIntervalSeconds: 0.5, schedules: false, run: { progressIntervalMs: 100 } });
  notificationWorker = await startNotificationWorker({ db: f.t.db, boss, pollingIntervalSeconds: 0.5, sweep: false });
}, 60_000);

afterAll(async () => {
  await scanWorker?.stop({ wait: false });
  await notificationWorker?.stop({ wait: false });
  await boss?.stop({ graceful: false, close: true });
  await new Promise((resolve) => server?.close(resolve));
  await f?.restore();
}, 60_000);

describe('scan → webhook', () => {
  it('a finished scan with new high/critical findings is announced, signed, through the queue', async () => {
    const port = (server.address() as AddressInfo).port;
    const { secret } = await createWebhook(f.t.db, webhookInputSchema.parse({ name: 'SOC', url: `http://127.0.0.1:${port}/rampart`, events: ['scan.new_findings'] }), { actor: null });
    const clusterId = await registerSimCluster(f, 'notify-demo');
    const { scan } = await enqueueScan(f.t.db, { clusterId, trigger: 'manual' }, boss);

    const delivery = await waitFor(async () => received.find((r) => r.headers['x-rampart-event'] === 'scan.new_findings'), 60_000, 'the webhook');
    const envelope = JSON.parse(delivery.body) as WebhookEnvelope;
    expect(envelope).toMatchObject({ event: 'scan.new_findings', cluster: { id: clusterId, name: 'notify-demo' }, scan: { id: scan.id, status: 'succeeded' } });
    const open = await f.t.db.finding.count({ where: { clusterId, status: 'open', severity: { in: ['critical', 'high'] } } });
    expect(envelope.data.count).toBe(open);
    expect(verifyWebhookSignature(secret, { signature: delivery.headers['x-rampart-signature'] as string, timestamp: delivery.headers['x-rampart-timestamp'] as string }, delivery.body)).toBe(true);
    const row = await waitFor(async () => f.t.db.webhookDelivery.findFirst({ where: { event: 'scan.new_findings', status: 'succeeded' } }), 10_000, 'the delivery row');
    expect(row.attempts).toBe(1);
  }, 90_000);
});
