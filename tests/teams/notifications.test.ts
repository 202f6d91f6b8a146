/**
 * Notifications follow access (real PostgreSQL): users with the fleet view get the fleet digest;
 * a member without it gets their team's digest, which holds only the team's findings and the
 * acceptances of those; an alert lists to each recipient only the findings they may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { alertRecipients, digestAudiences } from '@/lib/notifications/email/audiences';
import { buildDigest } from '@/lib/notifications/email/digest';
import { seedTeamsFleet, type TeamsFleet } from './fixture';

let t: TestDatabase;
let fleet: TeamsFleet;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await seedTeamsFleet(t.db);
  for (const [name, role, fleetAccess] of [['boss', 'admin', false], ['sec', 'analyst', true], ['payer', 'viewer', false]] as const) {
    ids[name] = (await t.db.user.create({ data: { name, email: `${name}@notify.test`, role, fleetAccess } })).id;
  }
  await t.db.teamMember.createMany({ data: [{ teamId: fleet.teams.payments, userId: ids.payer!, role: 'viewer' }, { teamId: fleet.teams.shop, userId: ids.sec!, role: 'viewer' }] });
}, 60_000);
afterAll(() => t?.drop(), 60_000);

describe('digest audiences', () => {
  it("send the fleet digest to fleet users and each team's digest, with its findings only, to its other members", async () => {
    const audiences = await digestAudiences(t.db);
    const byLabel = Object.fromEntries(audiences.map((a) => [a.scope.label, a.recipients.map((r) => r.email).sort()]));
    expect(byLabel).toEqual({ 'All clusters': ['boss@notify.test', 'sec@notify.test'], Payments: ['payer@notify.test'] });
    const payments = audiences.find((a) => a.scope.label === 'Payments')!;
    const digest = await buildDigest(t.db, payments.scope);
    expect(digest.newFindings.items.map((i) => i.resource).sort()).toEqual(['Deployment payments-eu/pay-api', 'Deployment payments-us/pay-worker']);
  });

  it('lists to each alert recipient only the findings they may see', async () => {
    const all = await t.db.finding.findMany({ where: { clusterId: fleet.prod }, select: { id: true, resourceName: true } });
    const recipients = await alertRecipients(t.db, fleet.prod, all.map((f) => f.id));
    const names = (email: string) => [...recipients.find((r) => r.email === email)!.visible].map((id) => all.find((f) => f.id === id)!.resourceName).sort();
    expect(names('sec@notify.test')).toHaveLength(all.length);
    expect(names('payer@notify.test')).toEqual(['pay-api', 'pay-worker']);
  });
});
