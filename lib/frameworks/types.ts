/**
 * Compliance frameworks as data. A framework is a list of controls; a control says how Rampart
 * assesses it. Which checks assess a control is never written here: it is derived from the
 * checks' own metadata (lib/checks/frameworks, Check.guideRef), so the mapping has one source.
 */

/** Stable framework ids (URLs, CLI `--framework`, evidence packs). */
export const FRAMEWORK_IDS = ['cis-1.10', 'nsa-cisa', 'pss', 'guide'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/**
 * How a control with no check is assessed. A control that at least one check maps to is
 * `automated` whatever this says.
 * - `node-access`: needs a shell on the node (file permissions and ownership): outside the API.
 * - `manual`: an organisational control a person attests.
 * - `not-covered`: visible through the API, but Rampart has no check for it yet (a coverage gap).
 */
export type ControlFallback = 'node-access' | 'manual' | 'not-covered';

/** How a control is assessed, after deriving its checks. */
export type AssessmentKind = 'automated' | ControlFallback;

export interface ControlSpec {
  /** Id within the framework, e.g. "1.2.1", "pod-non-root", "baseline/host-ports", "5.4". */
  id: string;
  title: string;
  /** Group heading the control sits under (e.g. "1.2 API Server"). */
  group: string;
  /** Used when no check maps to the control. */
  fallback: ControlFallback;
}

export interface FrameworkSpec {
  id: FrameworkId;
  name: string;
  /** One sentence: what the framework is and which version. */
  description: string;
  controls: readonly ControlSpec[];
}

export interface Control extends ControlSpec {
  /** Check ids that assess this control (sorted); empty unless `assessment` is automated. */
  checks: readonly string[];
  assessment: AssessmentKind;
}

export interface Framework extends Omit<FrameworkSpec, 'controls'> {
  controls: readonly Control[];
}
