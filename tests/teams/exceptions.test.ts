/**
 * The exceptions list and the stale-exception report for team members (route handlers, real API
 * tokens, real PostgreSQL): a member sees the exceptions on their teams' findings and the check-wide
 * ones that cover a finding of theirs, with the covered count of their findings only; nothing of
 * another team's; fleet users keep every exception and the full counts.
 */
import { describe, expect, it } from 'vitest';
import * as exceptionsRoute from '@/app/api/exceptions/route';
import * as staleRoute from '@/app/api/exceptions/stale/route';
import * as exceptionRoute from '@/app/api/exceptions/[id]/route';
import { createExceptions } from '@/lib/exceptions';
import { acceptRisk, testReviewers } from '@/lib/exceptions/test-utils';
import { useTeamsCallers } from './callers';

const DAY = 86_400_000;
const E = {} as Record<'payApi' | 'storefront' | 'paymentsWide' | 'kubeSystem' | 'oldStaging' | 'oldPayWorker', string>;

const h = useTeamsCallers(async ({ t, fleet }) => {
  const finding = (cluster: string, name: string) => t.db.finding.findFirstOrThrow({ where: { clusterId: cluster, resourceName: name }, select: { id: true } }).then((f) => f.id);
  const expiresAt = new Date(Date.now() + 60 * DAY);
  const one = async (input: Parameters<typeof acceptRisk>[1]) => (await acceptRisk(t.db, input)).exceptions[0]!.id;
  E.payApi = await one({ findingIds: [await finding(fleet.prod, 'pay-api')], reason: 'pay-api: behind the mesh', expiresAt });
  E.storefront = await one({ findingIds: [await finding(fleet.prod, 'storefront')], reason: 'storefront: vendor image', expiresAt });
  E.paymentsWide = await one({ checkId: 'privileged-container', namespacePattern: 'payments-*', reason: 'payments agents need it', expiresAt });
  E.kubeSystem = await one({ checkId: 'privileged-container', clusterId: fleet.prod, namespacePattern: 'kube-*', reason: 'system pods', expiresAt });
  // Requests waiting over a week (the stale report's "pending" list).
  const { requester } = await testReviewers(t.db);
  for (const [key, cluster, name] of [['oldStaging', fleet.staging, 'storefront'], ['oldPayWorker', fleet.prod, 'pay-worker']] as const) {
    E[key] = (await createExceptions(t.db, { findingIds: [await finding(cluster, name)], reason: `${name} in ${cluster}`, expiresAt }, { actor: requester })).exceptions[0]!.id;
    await t.db.riskException.update({ where: { id: E[key] }, data: { createdAt: new Date(Date.now() - 10 * DAY) } });
  }
});

const ids = (list: Array<{ id: string }>) => list.map((e) => e.id).sort();

describe('GET /api/exceptions', () => {
  it("lists a team member's exceptions: on their findings, and check-wide ones covering a finding of theirs, counted over their findings", async () => {
    const mine = await h.call(exceptionsRoute.GET, 'member', 'GET', '/api/exceptions?status=all');
    expect(mine.status).toBe(200);
    expect(ids(mine.json.exceptions)).toEqual([E.payApi, E.paymentsWide, E.oldPayWorker].sort());
    const coveredBy = (where: object) => h.t.db.finding.count({ where: { exceptionId: E.paymentsWide, status: 'open', ...where } });
    const wide = (list: Array<{ id: string; coveredFindings: number }>) => list.find((e) => e.id === E.paymentsWide)!.coveredFindings;
    expect(wide(mine.json.exceptions)).toBe(await coveredBy({ clusterId: h.fleet.prod }));
    // Narrowing stays inside the scope; Shop's viewer sees Shop's exception only.
    expect((await h.call(exceptionsRoute.GET, 'member', 'GET', `/api/exceptions?status=all&clusterId=${h.fleet.staging}`)).json.exceptions).toEqual([]);
    expect(ids((await h.call(exceptionsRoute.GET, 'memberViewer', 'GET', '/api/exceptions?status=all')).json.exceptions)).toEqual([E.storefront]);
    expect((await h.call(exceptionsRoute.GET, 'loner', 'GET', '/api/exceptions')).status).toBe(403);

    const all = await h.call(exceptionsRoute.GET, 'fleetViewer', 'GET', '/api/exceptions?status=all');
    expect(ids(all.json.exceptions)).toEqual(Object.values(E).sort());
    expect(wide(all.json.exceptions)).toBe(await coveredBy({}));
    expect(wide(all.json.exceptions)).toBeGreaterThan(wide(mine.json.exceptions));
  });
});

describe('GET /api/exceptions/:id', () => {
  it("shows a team member one of the exceptions their list shows, counted over their findings; another team's is not found", async () => {
    const one = (who: 'member' | 'memberViewer' | 'fleetViewer', id: string) => h.call(exceptionRoute.GET, who, 'GET', `/api/exceptions/${id}`, { id });
    const listed = (await h.call(exceptionsRoute.GET, 'member', 'GET', '/api/exceptions?status=all')).json.exceptions as Array<{ id: string }>;
    for (const e of listed) {
      const res = await one('member', e.id);
      expect(res.status).toBe(200);
      expect(res.json.exception).toEqual(e);
    }
    for (const id of [E.storefront, E.kubeSystem, E.oldStaging]) {
      const res = await one('member', id);
      expect(res.status).toBe(404);
      expect(res.json.error).toMatch(/No exception with id/);
    }
    expect((await one('memberViewer', E.storefront)).status).toBe(200);
    expect((await one('fleetViewer', E.kubeSystem)).status).toBe(200);
    expect((await h.call(exceptionRoute.GET, 'loner', 'GET', `/api/exceptions/${E.payApi}`, { id: E.payApi })).status).toBe(403);
  });
});

describe('GET /api/exceptions/stale', () => {
  it("reports a team member's stale exceptions only; the fleet report is unchanged", async () => {
    const mine = await h.call(staleRoute.GET, 'member', 'GET', '/api/exceptions/stale');
    expect(mine.status).toBe(200);
    expect(mine.json.pending).toMatchObject({ count: 1, exceptions: [{ id: E.oldPayWorker }] });
    expect(mine.json.expiringSoon.count + mine.json.openEnded.count).toBe(0);
    const fleet = await h.call(staleRoute.GET, 'admin', 'GET', '/api/exceptions/stale');
    expect(fleet.json.pending.count).toBe(2);
    expect(ids(fleet.json.pending.exceptions)).toEqual([E.oldPayWorker, E.oldStaging].sort());
    expect((await h.call(staleRoute.GET, 'memberViewer', 'GET', '/api/exceptions/stale')).json.pending.count).toBe(0);
  });
});
