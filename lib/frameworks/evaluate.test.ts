import { describe, expect, it } from 'vitest';
import { buildFramework } from './index';
import { compliancePercent, evaluateFleet, evaluateFramework, type Attestation, type CheckCounts, type ScanInput } from './evaluate';
import type { Framework } from './types';

const NOW = new Date('2026-06-01T00:00:00Z');

/** A small framework: three automated controls, one kubelet control, one node-access, one manual, one without a check. */
const FW: Framework = {
  id: 'cis-1.10',
  name: 'test',
  description: '',
  controls: [
    { id: 'a', title: 'A', group: 'g', fallback: 'not-covered', checks: ['check-a'], assessment: 'automated' },
    { id: 'b', title: 'B', group: 'g', fallback: 'not-covered', checks: ['check-b', 'check-c'], assessment: 'automated' },
    { id: 'c', title: 'C', group: 'g', fallback: 'not-covered', checks: ['check-c'], assessment: 'automated' },
    { id: 'k', title: 'K', group: 'g', fallback: 'not-covered', checks: ['kubelet-x'], assessment: 'automated' },
    { id: 'n', title: 'N', group: 'g', fallback: 'node-access', checks: [], assessment: 'node-access' },
    { id: 'm', title: 'M', group: 'g', fallback: 'manual', checks: [], assessment: 'manual' },
    { id: 'g', title: 'G', group: 'g', fallback: 'not-covered', checks: [], assessment: 'not-covered' },
  ],
};

const scan = (checks: Record<string, Partial<CheckCounts>>, gaps: ScanInput['coverageGaps'] = []): ScanInput => ({
  checks: new Map(Object.entries(checks).map(([k, v]) => [k, { passed: 0, failed: 0, excepted: 0, ...v }])),
  coverageGaps: gaps,
});

const attestation = (over: Partial<Attestation> = {}): Attestation => ({
  id: 'att1', controlId: 'm', clusterId: null, note: 'reviewed', attestedBy: 'ana@example.com', attestedAt: '2026-05-01T00:00:00Z', expiresAt: '2026-12-01T00:00:00Z', ...over,
});

const statusOf = (e: ReturnType<typeof evaluateFramework>) => Object.fromEntries(e.controls.map((c) => [c.id, c.reason ? `${c.status}:${c.reason}` : c.status]));

describe('framework evaluation', () => {
  it('gives each control its status: failed beats excepted beats passed; others not assessed with a reason or manual', () => {
    const e = evaluateFramework(FW, scan({ 'check-a': { passed: 3 }, 'check-b': { passed: 2, excepted: 1 }, 'check-c': { passed: 1, failed: 1 } }), [], 'c1', NOW);
    expect(statusOf(e)).toEqual({ a: 'passed', b: 'failed', c: 'failed', k: 'not-assessed:not-applicable', n: 'not-assessed:node-access', m: 'manual', g: 'not-assessed:coverage-gap' });
    expect(e.controls.find((c) => c.id === 'b')!.counts).toEqual({ passed: 3, failed: 1, excepted: 1 });
  });

  it('an exception covering the only failing result makes the control excepted, and excepted counts as compliant', () => {
    const e = evaluateFramework(FW, scan({ 'check-a': { passed: 1 }, 'check-b': { excepted: 2 }, 'check-c': { passed: 1, failed: 1 } }), [], 'c1', NOW);
    expect(e.controls.find((c) => c.id === 'b')!.status).toBe('failed');
    const e2 = evaluateFramework(FW, scan({ 'check-a': { passed: 1 }, 'check-b': { excepted: 2 }, 'check-c': { passed: 1 } }), [], 'c1', NOW);
    expect(statusOf(e2)).toMatchObject({ a: 'passed', b: 'excepted', c: 'passed' });
    expect(e2.summary).toMatchObject({ passed: 2, excepted: 1, failed: 0, assessed: 3, percent: 100 });
  });

  it('percent = (passed + excepted) ÷ assessed automated controls, rounded down; manual and not assessed are left out', () => {
    const e = evaluateFramework(FW, scan({ 'check-a': { passed: 1 }, 'check-b': { passed: 1 }, 'check-c': { failed: 1 } }), [attestation()], 'c1', NOW);
    // a passed; b and c failed (check-c fails both) → 1 of 3 = 33.3 → 33.
    expect(e.summary).toEqual({ passed: 1, failed: 2, excepted: 0, notAssessed: 3, manual: 1, attested: 1, assessed: 3, percent: 33 });
    expect(compliancePercent(2, 3)).toBe(66);
    expect(compliancePercent(199, 200)).toBe(99);
    expect(compliancePercent(0, 0)).toBeNull();
  });

  it('says why a control was not assessed: kubelet unreadable, coverage gap, no scan', () => {
    const gaps = [{ resource: 'nodes/proxy (configz) on node-1', reason: 'forbidden' }];
    expect(statusOf(evaluateFramework(FW, scan({}, gaps), [], 'c1', NOW))).toMatchObject({ k: 'not-assessed:node-access', a: 'not-assessed:coverage-gap' });
    expect(statusOf(evaluateFramework(FW, null, [], 'c1', NOW))).toMatchObject({ a: 'not-assessed:no-scan', m: 'manual' });
    expect(evaluateFramework(FW, null, [], 'c1', NOW).summary.percent).toBeNull();
  });

  it('a manual control is attested only by an unexpired attestation for its cluster or the fleet', () => {
    const at = (a: Attestation[]) => evaluateFramework(FW, scan({}), a, 'c1', NOW).controls.find((c) => c.id === 'm')!.attestation?.id ?? null;
    expect(at([])).toBeNull();
    expect(at([attestation({ expiresAt: '2026-05-31T00:00:00Z' })])).toBeNull();
    expect(at([attestation({ clusterId: 'other' })])).toBeNull();
    expect(at([attestation({ clusterId: 'c1', id: 'own' })])).toBe('own');
    expect(at([attestation({ id: 'fleet' }), attestation({ clusterId: 'c1', id: 'own' })])).toBe('own');
  });

  it('fleet: a control fails if it fails anywhere; percent is over every (cluster, control) pair', () => {
    const good = evaluateFramework(FW, scan({ 'check-a': { passed: 1 }, 'check-b': { passed: 1 }, 'check-c': { passed: 1 } }), [], 'c1', NOW);
    const bad = evaluateFramework(FW, scan({ 'check-a': { failed: 1 }, 'check-b': { passed: 1 }, 'check-c': { passed: 1 } }), [], 'c2', NOW);
    const fleet = evaluateFleet(FW, [good, bad]);
    const a = fleet.controls.find((c) => c.id === 'a')!;
    expect(a.status).toBe('failed');
    expect(a.clusters).toMatchObject({ passed: 1, failed: 1 });
    expect(a.counts).toEqual({ passed: 1, failed: 1, excepted: 0 });
    expect(fleet.summary.percent).toBe(83); // 5 of 6 pairs
  });

  it('works on the real catalog: a clean scan of every check passes every automated control', () => {
    const fw = buildFramework('cis-1.10', [{ id: 'privileged-container', guideRef: '5.4' }]);
    const e = evaluateFramework(fw, scan({ 'privileged-container': { passed: 4 } }), [], 'c1', NOW);
    expect(e.controls.find((c) => c.id === '5.2.2')!.status).toBe('passed');
    expect(e.summary).toMatchObject({ passed: 1, assessed: 1, percent: 100 });
  });
});
