/**
 * Findings exports for team members (route handlers, real PostgreSQL): JSON and SARIF of a cluster
 * a team owns in part carry the part's findings and the part's scores (its namespaces' tallies,
 * lib/dashboard/part-scores.ts), the same numbers as the member's scorecards; of a cluster owned
 * whole, the cluster's own, as the fleet exports it. Another team's cluster does not exist for them.
 */
import { describe, expect, it } from 'vitest';
import * as exportRoute from '@/app/api/exports/findings/route';
import * as scorecardsRoute from '@/app/api/clusters/[id]/scorecards/route';
import { tokenUser } from '../helpers/routes';
import { useTeamsCallers } from './callers';
import { persistFleetScan, PROD_LATER_PASSES, PROD_LATER_RESULTS, PROD_NAMESPACE_LABELS } from './fixture';

let stagingAnalyst = '';
const h = useTeamsCallers(async (h) => {
  // prod's second scan records passing results per namespace, so the part's score is not trivial.
  await persistFleetScan(h.t.db, h.fleet.prod, PROD_LATER_RESULTS, PROD_NAMESPACE_LABELS, PROD_LATER_PASSES);
  const user = await tokenUser(h.t.db, { name: 'stager', email: 'stager@teams.test', role: 'viewer', fleetAccess: false });
  await h.t.db.teamMember.create({ data: { teamId: h.fleet.teams.platform, userId: user.id, role: 'analyst' } });
  stagingAnalyst = user.token;
});

const names = (findings: Array<{ resource: { name: string } }>) => findings.map((f) => f.resource.name).sort();

describe('GET /api/exports/findings as JSON and SARIF', () => {
  it("gives a team member of a cluster owned in part the part's findings with the part's scores, as their scorecards show them", async () => {
    const cards = await h.call(scorecardsRoute.GET, 'member', 'GET', `/api/clusters/${h.fleet.prod}/scorecards`, { id: h.fleet.prod });
    expect(cards.status).toBe(200);
    expect(cards.json.part.namespaces).toEqual(['payments-eu', 'payments-us']);

    const json = await h.call(exportRoute.GET, 'member', 'GET', `/api/exports/findings?format=json&cluster=${h.fleet.prod}`);
    expect(json.status).toBe(200);
    expect(json.json.source.name).toBe('prod');
    expect(names(json.json.findings)).toEqual(['pay-api']);
    expect(json.json.score.overall).toBe(cards.json.scan.score);
    expect(json.json.score.grade).toBe(cards.json.scan.grade);
    for (const s of cards.json.sections) expect([s.section, json.json.score.sections[s.section].score]).toEqual([s.section, s.score]);
    // prod's own score (every namespace) is not the part's.
    const prod = await h.t.db.scan.findFirstOrThrow({ where: { clusterId: h.fleet.prod, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });
    expect(prod.score).not.toBe(cards.json.scan.score);

    // Without a cluster filter: the member's fleet is that part.
    const all = await h.call(exportRoute.GET, 'member', 'GET', '/api/exports/findings?format=json');
    expect(all.status).toBe(200);
    expect(names(all.json.findings)).toEqual(['pay-api']);
    expect(all.json.score.overall).toBe(cards.json.scan.score);
    expect(all.text).not.toContain('storefront');

    const sarif = await h.call(exportRoute.GET, 'member', 'GET', '/api/exports/findings?format=sarif');
    expect(sarif.status).toBe(200);
    const run = sarif.json.runs[0];
    expect(run.results).toHaveLength(1);
    expect(JSON.stringify(run.results)).toContain('pay-api');
    expect(JSON.stringify(run.results)).not.toMatch(/storefront|coredns|router|node-agent/);
    expect(run.properties.score).toBe(cards.json.scan.score);

    // Another team's cluster does not exist for them, in any format.
    for (const format of ['json', 'sarif', 'csv']) expect((await h.call(exportRoute.GET, 'member', 'GET', `/api/exports/findings?format=${format}&cluster=${h.fleet.staging}`)).status).toBe(404);
  });

  it("gives a team that owns a cluster whole the cluster's own export, as the fleet gets it", async () => {
    const mine = await h.call(exportRoute.GET, { bearer: stagingAnalyst }, 'GET', `/api/exports/findings?format=json&cluster=${h.fleet.staging}`);
    const fleet = await h.call(exportRoute.GET, 'admin', 'GET', `/api/exports/findings?format=json&cluster=${h.fleet.staging}`);
    expect(mine.status).toBe(200);
    expect(mine.json.score).toEqual(fleet.json.score);
    expect(mine.json.findings).toEqual(fleet.json.findings);
    expect((await h.call(exportRoute.GET, { bearer: stagingAnalyst }, 'GET', `/api/exports/findings?format=sarif&cluster=${h.fleet.prod}`)).status).toBe(404);
  });
});
