/**
 * Attestations of manual controls for team members (route handlers, real PostgreSQL): a team member
 * lists the attestations their compliance views judge their controls with, those for every cluster
 * and those of the clusters their teams touch; another cluster's are not theirs, and asking for
 * that cluster is the one "cluster not found". Fleet users list every attestation.
 */
import { describe, expect, it } from 'vitest';
import * as attestationsRoute from '@/app/api/compliance/attestations/route';
import { useTeamsCallers, type Caller } from './callers';

const A = {} as Record<'everywhere' | 'prod' | 'staging', string>;
const h = useTeamsCallers(async ({ t, fleet }) => {
  const expiresAt = new Date(Date.now() + 30 * 86_400_000);
  for (const [key, clusterId] of [['everywhere', null], ['prod', fleet.prod], ['staging', fleet.staging]] as const) {
    A[key] = (await t.db.controlAttestation.create({ data: { framework: 'cis-1.10', controlId: '1.1.1', clusterId, note: `reviewed ${key}`, expiresAt } })).id;
  }
});

const list = async (who: Caller, query = '') => {
  const res = await h.call(attestationsRoute.GET, who, 'GET', `/api/compliance/attestations?framework=cis-1.10${query}`);
  return { status: res.status, ids: ((res.json.attestations ?? []) as Array<{ id: string }>).map((a) => a.id).sort(), error: res.json.error as string | undefined };
};

describe('GET /api/compliance/attestations', () => {
  it("lists a team member's attestations: every cluster's and their clusters'; another cluster is a 404", async () => {
    expect(await list('member')).toMatchObject({ status: 200, ids: [A.everywhere, A.prod].sort() });
    expect(await list('member', `&clusterId=${h.fleet.prod}`)).toMatchObject({ status: 200, ids: [A.everywhere, A.prod].sort() });
    const other = await list('member', `&clusterId=${h.fleet.staging}`);
    expect(other.status).toBe(404);
    expect(other.error).toMatch(/No cluster with id/);
    expect(await list('platform')).toMatchObject({ status: 200, ids: [A.everywhere, A.staging].sort() });
    expect(await list('fleetViewer')).toMatchObject({ status: 200, ids: Object.values(A).sort() });
    expect((await list('loner')).status).toBe(403);
  });
});
