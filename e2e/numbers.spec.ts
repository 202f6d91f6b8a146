/**
 * One number everywhere, walked as a new user would: register the demo cluster (kube-sim),
 * scan it, accept four critical findings as risks (one request, approved as one batch), scan three
 * more times — then the open
 * critical and total counts and the score agree on the overview, the cluster page, the findings
 * API (what the findings browser reads) and the scorecards API, and the trend chart has one
 * point per scan plus the exception change, with a marker for it.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_KUBECONFIG } from './support/env';
import { signIn } from './support/sign-in';

type Counts = Record<'critical' | 'high' | 'medium' | 'low' | 'info', number>;

async function scanAndWait(request: APIRequestContext, clusterId: string): Promise<void> {
  const res = await request.post(`/api/clusters/${clusterId}/scans`);
  expect(res.status(), await res.text()).toBe(202);
  const { scan } = (await res.json()) as { scan: { id: string } };
  await expect
    .poll(async () => ((await (await request.get(`/api/scans/${scan.id}`)).json()) as { scan: { status: string } }).scan.status, { timeout: 90_000, intervals: [500] })
    .toBe('succeeded');
}

/** Open findings by severity as the findings browser reads them (group by check). */
async function browserCounts(request: APIRequestContext, clusterId: string): Promise<Counts> {
  const res = await request.get(`/api/findings?cluster=${clusterId}&status=open&group=check`);
  expect(res.status()).toBe(200);
  const { groups } = (await res.json()) as { groups: Array<{ bySeverity: Counts }> };
  const out: Counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const g of groups) for (const s of Object.keys(out) as Array<keyof Counts>) out[s] += g.bySeverity[s];
  return out;
}

test('demo cluster, four accepted risks, three more scans: one number everywhere', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);
  const request = page.request;
  const name = `numbers-${randomBytes(3).toString('hex')}`;
  const created = await request.post('/api/clusters', {
    data: { name, environment: 'staging', credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8'), context: 'demo' } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const clusterId = ((await created.json()) as { cluster: { id: string } }).cluster.id;

  await scanAndWait(request, clusterId);
  const before = await browserCounts(request, clusterId);
  expect(before.critical).toBeGreaterThanOrEqual(4);

  // Accept four critical findings as risks.
  const crit = (await (await request.get(`/api/findings?cluster=${clusterId}&status=open&severity=critical&limit=4`)).json()) as { findings: Array<{ id: string }> };
  expect(crit.findings).toHaveLength(4);
  const accepted = await request.post('/api/exceptions', {
    data: { findingIds: crit.findings.map((f) => f.id), reason: 'Accepted for the walkthrough: tracked in SEC-1', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
  expect(accepted.status(), await accepted.text()).toBeLessThan(300);
  // Requests change nothing until approved; this walk's single user may approve its own.
  expect(await browserCounts(request, clusterId)).toEqual(before);
  expect((await request.put('/api/settings/exceptions', { data: { allowSelfApproval: true } })).status()).toBe(200);
  const ids = ((await accepted.json()) as { exceptions: Array<{ id: string }> }).exceptions.map((e) => e.id);
  const approved = await request.post('/api/exceptions/approve', { data: { ids } });
  expect(approved.status(), await approved.text()).toBe(200);
  expect((await request.put('/api/settings/exceptions', { data: { allowSelfApproval: false } })).status()).toBe(200);
  const afterAccept = await browserCounts(request, clusterId);
  expect(afterAccept.critical).toBe(before.critical - 4);

  for (let i = 0; i < 3; i++) await scanAndWait(request, clusterId);

  const want = await browserCounts(request, clusterId);
  expect(want).toEqual(afterAccept);
  const total = Object.values(want).reduce((a, b) => a + b, 0);
  const cards = (await (await request.get(`/api/clusters/${clusterId}/scorecards`)).json()) as { scan: { score: number; grade: string }; sections: Array<{ open: Counts }> };
  const cardCritical = cards.sections.reduce((n, s) => n + s.open.critical, 0);
  expect(cardCritical, 'scorecards API').toBe(want.critical);

  // Overview: the cluster's row.
  await page.goto('/');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row.getByText(`${want.critical} critical`, { exact: true })).toBeVisible();
  await expect(row.getByText(`${total} open in all`)).toBeVisible();

  // Cluster page: overall score and the section chips.
  await page.goto(`/clusters/${clusterId}`);
  await expect(page.getByTestId('overall-score')).toContainText(String(cards.scan.score));
  let pageCritical = 0;
  for (const card of await page.locator('[data-testid^="scorecard-"]').all()) {
    const pill = card.getByText(/^\d+ critical$/);
    if (await pill.count()) pageCritical += Number((await pill.first().textContent())!.split(' ')[0]);
  }
  expect(pageCritical, 'cluster page chips').toBe(want.critical);
  // An open critical caps the overall grade at D or below.
  if (want.critical > 0) expect(['D', 'F']).toContain(cards.scan.grade);

  // Trends: four scans and the exception change, each one point, with a marker for the change.
  const trends = page.getByTestId('trend-charts');
  await expect(trends).toHaveAttribute('data-points', '5');
  await expect(trends).toHaveAttribute('data-markers', /marker-exceptions/);
});
