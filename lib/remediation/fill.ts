/**
 * Remediation templates filled in for one finding: the check's steps, kubectl command(s) and YAML
 * patch are written with <placeholders> (<namespace>, <kind>, <name>, <container>, <volume>,
 * <node>); here they get the finding's real values where Rampart knows them. One home for the
 * finding page, the PDF report and the findings exports. Pure: no database, no I/O.
 */
import YAML from 'yaml';
import type { Remediation } from '@/lib/checks/types';

/** What a finding contributes to its fix: the resource, and the container or volume it names. */
export interface Fillable {
  resource: { kind: string; namespace: string | null; name: string };
  detail: string | null;
  evidence: unknown;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function evidenceString(f: Fillable, key: string): string | null {
  const v = f.evidence && typeof f.evidence === 'object' ? (f.evidence as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : null;
}

/** The finding's own values for a remediation template's placeholders. */
function fillPlaceholders(text: string, f: Fillable): string {
  let out = text.replaceAll('<name>', f.resource.name).replaceAll('<kind>', f.resource.kind.toLowerCase());
  if (f.resource.kind === 'Node') out = out.replaceAll('<node>', f.resource.name);
  if (f.resource.namespace) out = out.replaceAll('<namespace>', f.resource.namespace);
  // The detail key names the container (container checks) or the volume (volume checks).
  for (const [placeholder, key] of [['<container>', 'container'], ['<volume>', 'volume']] as const) {
    const value = evidenceString(f, key) ?? f.detail;
    if (value && DNS_LABEL.test(value)) out = out.replaceAll(placeholder, value);
  }
  return out;
}

/** A remediation step with this finding's resource filled in. */
export function fillStep(step: string, f: Fillable): string {
  return fillPlaceholders(step, f);
}

/**
 * Remediation patches are written for a controller's pod template (spec.template.spec). Moves
 * such a patch to where the pod spec lives in this resource's kind: a bare Pod's spec, a
 * CronJob's spec.jobTemplate.spec.template.spec. Other patches are returned unchanged.
 */
export function rerootPodTemplatePatch(patch: unknown, kind: string): unknown {
  if (kind !== 'Pod' && kind !== 'CronJob') return patch;
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const top = patch as Record<string, unknown>;
  const spec = top.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object' || Object.keys(spec).length !== 1 || !spec.template || typeof spec.template !== 'object') return patch;
  if (kind === 'CronJob') return { ...top, spec: { jobTemplate: { spec } } };
  const template = spec.template as { metadata?: Record<string, unknown>; spec?: unknown };
  const metadata = template.metadata ? { ...((top.metadata as Record<string, unknown> | undefined) ?? {}), ...template.metadata } : top.metadata;
  const { spec: _spec, metadata: _metadata, ...rest } = top;
  return { ...rest, ...(metadata ? { metadata } : {}), ...(template.spec ? { spec: template.spec } : {}) };
}

/** The check's YAML patch with this finding's values filled in and moved to the resource kind's pod spec. */
export function fillPatch(body: string, f: Fillable): string {
  const filled = fillPlaceholders(body, f);
  try {
    const parsed: unknown = YAML.parse(filled);
    const moved = rerootPodTemplatePatch(parsed, f.resource.kind);
    return moved === parsed ? filled : YAML.stringify(moved);
  } catch {
    return filled;
  }
}

/**
 * The check's kubectl command(s) with this finding's resource filled in, a pod-template patch
 * moved as in fillPatch. null where the command cannot work: a bare Pod's spec cannot be changed
 * in place (the manifest is changed and the Pod recreated instead), and a Rollout (a custom
 * resource) refuses strategic-merge patches (its manifest is edited instead).
 */
export function fillKubectl(command: string, f: Fillable): string | null {
  let podTemplatePatch = false;
  const out = fillPlaceholders(command, f).replace(/(-p\s+')(\{[^']*\})(')/g, (whole, open: string, json: string, close: string) => {
    try {
      const parsed: unknown = JSON.parse(json);
      const moved = rerootPodTemplatePatch(parsed, f.resource.kind);
      if (moved === parsed) return whole;
      podTemplatePatch = true;
      return `${open}${JSON.stringify(moved)}${close}`;
    } catch {
      return whole;
    }
  });
  if (podTemplatePatch && f.resource.kind === 'Pod') return null;
  // Custom resources (an Argo Rollout) do not accept strategic-merge patches.
  if (f.resource.kind === 'Rollout' && /--type[ =]strategic/.test(out)) return null;
  return out;
}

export interface FilledRemediation {
  steps: string[];
  /** null: the check has no command, or none this kind accepts (see noCommandForKind). */
  kubectl: string | null;
  /** True when the check has a command but this resource's kind cannot take it (a bare Pod, a Rollout). */
  noCommandForKind: boolean;
  /** The result's own patch, else the check's template filled in; null when neither exists. */
  patch: { type: string; body: string } | null;
}

/** A check's remediation filled in for one finding; `ownPatch` (computed by the check for this resource) wins over the template. */
export function fillRemediation(remediation: Pick<Remediation, 'steps' | 'kubectl' | 'patch'>, f: Fillable, ownPatch: { type: string; body: string } | null = null): FilledRemediation {
  const kubectl = remediation.kubectl ? fillKubectl(remediation.kubectl, f) : null;
  return {
    steps: remediation.steps.map((s) => fillStep(s, f)),
    kubectl,
    noCommandForKind: Boolean(remediation.kubectl) && kubectl === null,
    patch: ownPatch ?? (remediation.patch ? { type: 'strategic-merge', body: fillPatch(remediation.patch, f) } : null),
  };
}

/** The container / volume names a finding's evidence holds (all fill needs of it: a report need not keep the whole evidence). */
export function fillEvidence(evidence: unknown): { container?: string; volume?: string } | null {
  if (!evidence || typeof evidence !== 'object' || Array.isArray(evidence)) return null;
  const e = evidence as Record<string, unknown>;
  const out: { container?: string; volume?: string } = {};
  if (typeof e.container === 'string') out.container = e.container;
  if (typeof e.volume === 'string') out.volume = e.volume;
  return Object.keys(out).length ? out : null;
}
