import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index';
import { FRAMEWORKS as CHECK_FRAMEWORKS } from '../checks/frameworks/index';
import { buildFramework, checksOf, claimedControls, getFramework, isFrameworkId, unresolvedMappings } from './index';
import { nsaControlOf } from './nsa-cisa';
import { FRAMEWORK_IDS } from './types';

describe('compliance frameworks as data', () => {
  it.each(FRAMEWORK_IDS)("every check's %s mapping resolves to a control of the framework", (id) => {
    expect(unresolvedMappings(id)).toEqual([]);
  });

  it('reports a mapping to a control the framework lacks', () => {
    expect(unresolvedMappings('guide', [{ id: 'made-up', guideRef: '9.9' }])).toEqual(['made-up: 9.9']);
  });

  it('every NSA/CISA topic text of every check falls under a control', () => {
    const topics = Object.values(CHECK_FRAMEWORKS).flatMap((m) => m.nsa ?? []);
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.filter((t) => !nsaControlOf(t))).toEqual([]);
  });

  it('control ids are unique within each framework', () => {
    for (const fw of FRAMEWORK_IDS.map(getFramework)) expect(new Set(fw.controls.map((c) => c.id)).size).toBe(fw.controls.length);
  });

  it('CIS v1.10 lists every recommendation of sections 1 to 5, each with a way it is assessed', () => {
    const cis = getFramework('cis-1.10');
    const count = (prefix: string) => cis.controls.filter((c) => c.id.startsWith(prefix)).length;
    expect({ '1.1': count('1.1.'), '1.2': count('1.2.'), '1.3': count('1.3.'), '1.4': count('1.4.'), '2': count('2.'), '3': count('3.'), '4.1': count('4.1.'), '4.2': count('4.2.'), '4.3': count('4.3.'), '5': count('5.') }).toEqual({
      '1.1': 21, '1.2': 30, '1.3': 7, '1.4': 2, '2': 7, '3': 5, '4.1': 10, '4.2': 14, '4.3': 1, '5': 35,
    });
    for (const c of cis.controls) {
      expect(['automated', 'node-access', 'manual', 'not-covered']).toContain(c.assessment);
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.assessment === 'automated').toBe(c.checks.length > 0);
    }
    // File permission and ownership controls need a shell on the node; the API cannot show them.
    for (const c of cis.controls.filter((x) => /^(1\.1|4\.1)\./.test(x.id))) expect(c.assessment).toBe('node-access');
  });

  it('derives control → checks from the check metadata, both ways', () => {
    for (const fid of FRAMEWORK_IDS) {
      const fw = getFramework(fid);
      for (const check of CHECKS) {
        for (const controlId of claimedControls(fid, check)) expect(fw.controls.find((c) => c.id === controlId)?.checks).toContain(check.id);
      }
      for (const control of fw.controls) for (const checkId of control.checks) expect(claimedControls(fid, CHECKS.find((c) => c.id === checkId)!)).toContain(control.id);
    }
    expect(getFramework('cis-1.10').controls.find((c) => c.id === '5.2.2')?.checks).toEqual(['privileged-container']);
    expect(getFramework('pss').controls.find((c) => c.id === 'baseline/host-ports')?.checks).toEqual(['host-port']);
    expect(checksOf('cis-1.10', '5.2.2')).toEqual(['privileged-container']);
  });

  it('a control with no check falls back to its declared assessment', () => {
    const bare = buildFramework('cis-1.10', []);
    expect(bare.controls.every((c) => c.assessment !== 'automated')).toBe(true);
    expect(bare.controls.find((c) => c.id === '5.2.2')?.assessment).toBe('not-covered');
    expect(bare.controls.find((c) => c.id === '3.2.2')?.assessment).toBe('manual');
  });

  it('knows its framework ids', () => {
    expect(isFrameworkId('cis-1.10')).toBe(true);
    expect(isFrameworkId('cis-9')).toBe(false);
  });
});
