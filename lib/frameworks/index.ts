/**
 * The compliance frameworks with their control → check mappings derived from the checks' own
 * metadata (one source): CIS ids and NSA/CISA topics and Pod Security controls from
 * lib/checks/frameworks, guide sections from Check.guideRef. Pure; no I/O.
 */
import { CHECKS } from '../checks/index';
import { frameworksFor } from '../checks/frameworks/index';
import type { Check } from '../checks/types';
import { CIS_1_10 } from './cis-1.10';
import { GUIDE } from './guide';
import { NSA_CISA, nsaControlOf } from './nsa-cisa';
import { PSS, pssControlId } from './pss';
import { FRAMEWORK_IDS, type Control, type Framework, type FrameworkId, type FrameworkSpec } from './types';

export * from './types';

const SPECS: Record<FrameworkId, FrameworkSpec> = { 'cis-1.10': CIS_1_10, 'nsa-cisa': NSA_CISA, pss: PSS, guide: GUIDE };

/** The control ids of one framework a check claims to assess (as the check's metadata says; may name unknown ids). */
export function claimedControls(framework: FrameworkId, check: Pick<Check, 'id' | 'guideRef'>): string[] {
  const fw = frameworksFor(check.id);
  switch (framework) {
    case 'cis-1.10':
      return fw.cis ?? [];
    case 'nsa-cisa':
      return (fw.nsa ?? []).map((t) => nsaControlOf(t) ?? `?${t}`);
    case 'pss':
      return fw.pss ? [pssControlId(fw.pss.level, fw.pss.control)] : [];
    case 'guide':
      return [check.guideRef];
  }
}

function build(spec: FrameworkSpec, checks: readonly Pick<Check, 'id' | 'guideRef'>[]): Framework {
  const byControl = new Map<string, Set<string>>();
  for (const c of checks) {
    for (const id of claimedControls(spec.id, c)) {
      let set = byControl.get(id);
      if (!set) byControl.set(id, (set = new Set()));
      set.add(c.id);
    }
  }
  const controls = spec.controls.map((ctl): Control => {
    const mapped = [...(byControl.get(ctl.id) ?? [])].sort();
    return { ...ctl, checks: mapped, assessment: mapped.length ? 'automated' : ctl.fallback };
  });
  return { id: spec.id, name: spec.name, description: spec.description, controls };
}

const BUILT = new Map<FrameworkId, Framework>(FRAMEWORK_IDS.map((id) => [id, build(SPECS[id], CHECKS)]));

export function isFrameworkId(v: unknown): v is FrameworkId {
  return typeof v === 'string' && (FRAMEWORK_IDS as readonly string[]).includes(v);
}

export function getFramework(id: FrameworkId): Framework {
  return BUILT.get(id)!;
}

export const FRAMEWORKS: readonly Framework[] = FRAMEWORK_IDS.map(getFramework);

/** The framework built over another list of checks (tests; a scan with a subset of the catalog). */
export function buildFramework(id: FrameworkId, checks: readonly Pick<Check, 'id' | 'guideRef'>[]): Framework {
  return build(SPECS[id], checks);
}

/** One control of a framework by id; undefined when the framework has no such control. */
export function findControl(framework: FrameworkId, controlId: string): Control | undefined {
  return getFramework(framework).controls.find((c) => c.id === controlId);
}

/** The check ids that assess any control of this framework (or this one control). */
export function checksOf(framework: FrameworkId, controlId?: string): string[] {
  const fw = getFramework(framework);
  const controls = controlId ? fw.controls.filter((c) => c.id === controlId) : fw.controls;
  return [...new Set(controls.flatMap((c) => c.checks))].sort();
}

/** Check mappings that name a control the framework does not have: "<check>: <control>" (should be empty). */
export function unresolvedMappings(framework: FrameworkId, checks: readonly Pick<Check, 'id' | 'guideRef'>[] = CHECKS): string[] {
  const known = new Set(SPECS[framework].controls.map((c) => c.id));
  return checks.flatMap((c) => claimedControls(framework, c).filter((id) => !known.has(id)).map((id) => `${c.id}: ${id}`));
}
