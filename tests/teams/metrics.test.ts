/**
 * /metrics for a team member, against real PostgreSQL with real API tokens (the route called as
 * Next.js calls it): the series cover what the caller sees, and equal what the same caller's
 * overview and findings browser show. prod is scanned twice through the real pipeline, the second
 * scan with passing results per namespace, so a part's score is not the cluster's.
 *
 * - member (analyst in Payments: payments-* in prod) gets prod only, with the numbers of
 *   payments-eu and payments-us (scores from their namespace tallies, findings their own), their
 *   own team's SLA series, and nothing that names staging or another team.
 * - platform (the whole of staging) gets staging's series exactly as the fleet does, and no prod.
 * - memberViewer (Shop: namespaces labelled team=shop) gets web of prod; a member of Ingress (resources
 *   labelled app=ingress) gets their findings and no score, as their overview shows none.
 * - loner (no fleet view, in no team) is refused with the reason; fleet users keep the fleet.
 */
import { describe, expect, it } from 'vitest';
import * as findingsRoute from '@/app/api/findings/route';
import * as metricsRoute from '@/app/metrics/route';
import { getFleetOverview } from '@/lib/dashboard/fleet';
import { checksOf } from '@/lib/frameworks';
import { SECTION_IDS, SEVERITIES } from '@/lib/vocabulary';
import { getSlaNumbers, TEAM_SLA_WINDOW_DAYS } from '@/lib/sla/compliance';
import { SLA_SEVERITIES } from '@/lib/sla/policy';
import { accessScopeFor } from '@/lib/teams/scope';
import { persistFleetScan, PROD_LATER_PASSES, PROD_LATER_RESULTS, PROD_NAMESPACE_LABELS } from './fixture';
import { tokenUser } from '../helpers/routes';
import { useTeamsCallers, type Caller } from './callers';

const h = useTeamsCallers(async ({ t: { db }, fleet }) => {
  await persistFleetScan(db, fleet.prod, PROD_LATER_RESULTS, PROD_NAMESPACE_LABELS, PROD_LATER_PASSES);
});

const ROLE: Record<Caller, 'admin' | 'analyst' | 'viewer'> = { admin: 'admin', fleetViewer: 'viewer', member: 'viewer', memberViewer: 'analyst', platform: 'viewer', loner: 'analyst' };
const scopeOf = (who: Caller) => accessScopeFor(h.t.db, { id: h.ids[who], role: ROLE[who] });

/** The value of the series with these labels (undefined when absent). */
function metric(body: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
const plain = (body: string, name: string) => Number(body.split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1]);
/** The sample lines of a body that carry this label. */
const linesWith = (body: string, label: string) => body.split('\n').filter((l) => !l.startsWith('#') && l.includes(label)).sort();

async function scrape(who: Caller, query = ''): Promise<string> {
  const res = await h.call(metricsRoute.GET, who, 'GET', `/metrics${query}`);
  expect(res.status, res.text).toBe(200);
  return res.text;
}

describe('/metrics for a team member', () => {
  it("gives the series of their part of a cluster, equal to their overview and findings browser, and names nothing of anyone else's", async () => {
    const body = await scrape('member');
    const scope = await scopeOf('member');
    const overview = await getFleetOverview(h.t.db, {}, scope);
    expect(overview.clusters.map((c) => c.name)).toEqual(['prod']);
    const prod = overview.clusters[0]!;
    const id = { cluster_id: h.fleet.prod };

    expect(plain(body, 'rampart_clusters')).toBe(overview.totals.clusters);
    // Open findings: the overview's, and the browser's count of open findings.
    for (const s of SEVERITIES) expect.soft(metric(body, 'rampart_open_findings', { ...id, severity: s }), `open ${s}`).toBe(prod.openFindings[s]);
    const browser = await h.call(findingsRoute.GET, 'member', 'GET', '/api/findings?status=open&limit=200');
    const openTotal = SEVERITIES.reduce((n, s) => n + (metric(body, 'rampart_open_findings', { ...id, severity: s }) ?? 0), 0);
    expect(openTotal).toBe(browser.json.total.count);
    expect(openTotal).toBe(1);
    expect(metric(body, 'rampart_excepted_findings', id)).toBe(0);

    // Scores: the part's (its namespaces' tallies), as on the overview; not the cluster's.
    expect(prod.part?.namespaces).toEqual(['payments-eu', 'payments-us']);
    expect(metric(body, 'rampart_cluster_score', { ...id, section: 'overall' })).toBe(prod.latestScore!.score);
    for (const s of SECTION_IDS) expect.soft(metric(body, 'rampart_cluster_score', { ...id, section: s }), `section ${s}`).toBe(prod.sectionScores![s].score);
    const fleetBody = await scrape('fleetViewer');
    expect(metric(fleetBody, 'rampart_cluster_score', { ...id, section: 'overall' })).not.toBe(prod.latestScore!.score);

    // SLA: the overview's numbers per cluster, and their own team's row only.
    const sla = await getSlaNumbers(h.t.db, { clusterIds: overview.clusters.map((c) => c.id), access: scope, teams: { closedSince: new Date(Date.now() - TEAM_SLA_WINDOW_DAYS * 86_400_000), onlyWithTeams: true } });
    for (const s of SLA_SEVERITIES) expect.soft(metric(body, 'rampart_sla_overdue_findings', { ...id, severity: s }), `overdue ${s}`).toBe(sla.clusters.get(h.fleet.prod)!.overdue[s]);
    expect(metric(body, 'rampart_sla_compliance_ratio', id)).toBe(sla.clusters.get(h.fleet.prod)!.compliance!);
    const payments = sla.teams.find((t) => t.teamId === h.fleet.teams.payments)!;
    expect(metric(body, 'rampart_team_sla_tracked_findings', { team_id: h.fleet.teams.payments })).toBe(payments.tracked);
    expect(metric(body, 'rampart_team_sla_closed_on_time_ratio', { team_id: h.fleet.teams.payments })).toBe(payments.closedOnTimeRatio!);
    expect(linesWith(body, 'team_id=').every((l) => l.includes(`team="Payments",team_id="${h.fleet.teams.payments}"`))).toBe(true);

    // Scans: prod's only (two successful scans).
    expect(metric(body, 'rampart_scans_total', { ...id, status: 'succeeded' })).toBe(2);
    expect(plain(body, 'rampart_scan_duration_seconds_count')).toBe(2);

    // Nothing names another cluster, namespace or team.
    for (const other of ['staging', h.fleet.staging, 'Shop', 'Platform', 'Ingress', 'unowned', 'web', 'edge', 'kube-system', 'storefront']) expect.soft(body, other).not.toContain(other);
  });

  it('narrows the framework-filtered findings gauges to the part too', async () => {
    const body = await scrape('member', '?framework=cis-1.10');
    const prod = (await getFleetOverview(h.t.db, {}, await scopeOf('member'))).clusters[0]!;
    // The part's open finding (pay-api) is of privileged-container.
    const want = checksOf('cis-1.10').includes('privileged-container') ? prod.openFindings.high : 0;
    expect(metric(body, 'rampart_open_findings', { cluster_id: h.fleet.prod, framework: 'cis-1.10', severity: 'high' })).toBe(want);
    expect(want).toBe(1);
    expect(body).not.toContain('staging');
  });

  it('gives a namespace-label team its namespace, and a resource-label team its findings without a score (it owns no namespace score)', async () => {
    // Shop: the namespaces labelled team=shop, here web in prod (staging's web is labelled team=other).
    const shop = await scrape('memberViewer');
    const shopView = (await getFleetOverview(h.t.db, {}, await scopeOf('memberViewer'))).clusters;
    expect(shopView.map((c) => [c.name, c.part])).toEqual([['prod', { namespaces: ['web'] }]]);
    expect(metric(shop, 'rampart_cluster_score', { cluster_id: h.fleet.prod, section: 'overall' })).toBe(shopView[0]!.latestScore!.score);
    expect(metric(shop, 'rampart_open_findings', { cluster_id: h.fleet.prod, severity: 'high' })).toBe(shopView[0]!.openFindings.high);
    expect(shopView[0]!.openFindings.high).toBe(1);
    expect(shop).not.toContain('staging');
    expect(linesWith(shop, 'team_id=').every((l) => l.includes(`team="Shop",team_id="${h.fleet.teams.shop}"`))).toBe(true);

    // Ingress: the resources labelled app=ingress (router in edge).
    const user = await tokenUser(h.t.db, { name: 'ingress', email: 'ingress@teams.test', role: 'viewer', fleetAccess: false });
    await h.t.db.teamMember.create({ data: { teamId: h.fleet.teams.ingress, userId: user.id, role: 'viewer' } });
    const res = await h.call(metricsRoute.GET, { bearer: user.token }, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const view = (await getFleetOverview(h.t.db, {}, await accessScopeFor(h.t.db, { id: user.id, role: 'viewer' }))).clusters;
    expect(view.map((c) => [c.name, c.latestScore, c.openFindings.high])).toEqual([['prod', null, 1]]);
    expect(metric(res.text, 'rampart_open_findings', { cluster_id: h.fleet.prod, severity: 'high' })).toBe(1);
    expect(res.text).not.toContain('rampart_cluster_score{');
    for (const other of ['staging', 'Payments', 'Shop', 'cluster="prod",cluster_id="' + h.fleet.prod + '",section=']) expect.soft(res.text, other).not.toContain(other);
  });

  it('gives a team that owns a whole cluster its series exactly as the fleet has them', async () => {
    const body = await scrape('platform');
    const fleetBody = await scrape('fleetViewer');
    const staging = `cluster_id="${h.fleet.staging}"`;
    expect(linesWith(body, staging).length).toBeGreaterThan(10);
    expect(linesWith(body, staging)).toEqual(linesWith(fleetBody, staging));
    expect(body).not.toContain(h.fleet.prod);
    expect(body).not.toContain('cluster="prod"');
    expect(plain(body, 'rampart_clusters')).toBe(1);
    expect(plain(body, 'rampart_scan_duration_seconds_count')).toBe(1);
    expect(plain(fleetBody, 'rampart_clusters')).toBe(2);
    expect(plain(fleetBody, 'rampart_scan_duration_seconds_count')).toBe(3);
  });

  it('refuses a user in no team with the reason; fleet users and admins keep the fleet', async () => {
    const refused = await h.call(metricsRoute.GET, 'loner', 'GET', '/metrics');
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/in no team/);
    expect(refused.text).not.toContain('rampart_');
    for (const who of ['fleetViewer', 'admin'] as const) {
      const body = await scrape(who);
      expect(body).toContain(`rampart_open_findings{cluster="staging",cluster_id="${h.fleet.staging}",severity="high"} 2`);
      expect(metric(body, 'rampart_open_findings', { cluster_id: h.fleet.prod, severity: 'high' })).toBe(7);
    }
  });
});
