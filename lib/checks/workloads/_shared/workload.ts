/**
 * Shared plumbing for checks over resolved workloads (lib/k8s/pod-spec.ts): result builders
 * that name the exact field, strategic-merge patches for the top-level object, and the small
 * predicates several checks need. No check logic lives here.
 */
import type { ResolvedContainer, Workload, EffectiveSecurityContext } from '../../../k8s/pod-spec';
import type { CheckResult, ResultPatch, ResourceRef, Severity } from '../../types';

export interface ResultOptions {
  path?: string;
  evidence?: Record<string, unknown>;
  patch?: ResultPatch;
  severity?: Severity;
}

/**
 * `runBy: ['Rollout shop/api']` when another controller runs this workload's template (an Argo
 * Rollout's workloadRef): the result stays on this object, whose template is the one to fix.
 */
function runByEvidence(w: Workload): { runBy?: string[] } {
  return w.runBy?.length ? { runBy: w.runBy.map((r) => `${r.kind} ${r.namespace ?? ''}/${r.name}`) } : {};
}

/** One result about one container of a workload (detail = container name). */
export function containerResult(
  w: Workload,
  c: ResolvedContainer,
  status: CheckResult['status'],
  message: string,
  options: ResultOptions = {},
): CheckResult {
  const detail = c.pod ? `${c.pod.name}/${c.name}` : c.name;
  // The engine counts a pass by its severity and keeps nothing else of it (lib/evaluation): a pass
  // carries only the check's own evidence (why it passed), not the container's description.
  if (status === 'pass') {
    const pass: CheckResult = { status, resource: w.ref, message, detail, path: options.path ?? c.path };
    if (options.evidence) pass.evidence = options.evidence;
    if (options.severity) pass.severity = options.severity;
    return pass;
  }
  const result: CheckResult = {
    status,
    resource: w.ref,
    message,
    detail,
    path: options.path ?? c.path,
    evidence: { containerKind: c.kind, image: c.image, ...(c.pod ? { pod: `${c.pod.namespace}/${c.pod.name}` } : {}), ...runByEvidence(w), ...options.evidence },
  };
  if (options.patch) result.patch = options.patch;
  if (options.severity) result.severity = options.severity;
  return result;
}

/** One result about a workload as a whole. */
export function workloadResult(
  w: Workload,
  status: CheckResult['status'],
  message: string,
  options: ResultOptions & { detail?: string } = {},
): CheckResult {
  const result: CheckResult = { status, resource: w.ref, message, path: options.path ?? w.podSpecPath };
  if (options.detail !== undefined) result.detail = options.detail;
  if (options.severity) result.severity = options.severity;
  // The engine counts a pass by its severity and keeps nothing else of it (lib/evaluation): a pass
  // carries only the check's own evidence (why it passed).
  if (status === 'pass') {
    if (options.evidence) result.evidence = options.evidence;
    return result;
  }
  if (options.evidence || w.runBy) result.evidence = { ...runByEvidence(w), ...options.evidence };
  if (options.patch) result.patch = options.patch;
  return result;
}

/** `Deployment payments/api`, for messages. */
export function describeWorkload(w: Workload): string {
  return w.description;
}

/** `container "app"` / `init container "setup"` / `ephemeral container "debug"`, for messages. */
export function describeContainer(c: ResolvedContainer): string {
  return c.description;
}

/** `Container "app" of Deployment payments/api`: a container named at the start of a sentence. */
export function containerSubject(w: Workload, c: ResolvedContainer): string {
  const container = describeContainer(c);
  return `${container.charAt(0).toUpperCase()}${container.slice(1)} of ${describeWorkload(w)}`;
}

/** A plain scalar when YAML reads it back as the same string, else a JSON (double-quoted) scalar. */
function yamlScalar(v: unknown): string {
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (v === null || v === undefined) return 'null';
  const s = String(v);
  const plain = /^[A-Za-z_/][A-Za-z0-9_./-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

/**
 * Renders a patch body (nested maps, lists, scalars) as block YAML. Hand-rolled because a patch is
 * built for every failing container and a general YAML serialiser dominates evaluation time on
 * large clusters; the output is valid YAML that the `yaml` package parses back to the same value.
 */
export function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}[]\n`;
    let out = '';
    for (const item of value) {
      if (item && typeof item === 'object' && !Array.isArray(item) && hasKeys(item)) {
        const body = toYaml(item, `${indent}  `);
        out += `${indent}- ${body.slice(indent.length + 2)}`;
      } else out += `${indent}- ${item && typeof item === 'object' ? (Array.isArray(item) ? '[]' : '{}') : yamlScalar(item)}\n`;
    }
    return out;
  }
  if (value && typeof value === 'object') {
    let out = '';
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      const v = (value as Record<string, unknown>)[k];
      const key = yamlScalar(k);
      if (Array.isArray(v)) out += v.length === 0 ? `${indent}${key}: []\n` : `${indent}${key}:\n${toYaml(v, `${indent}  `)}`;
      else if (v && typeof v === 'object') out += hasKeys(v) ? `${indent}${key}:\n${toYaml(v, `${indent}  `)}` : `${indent}${key}: {}\n`;
      else out += `${indent}${key}: ${yamlScalar(v)}\n`;
    }
    return out === '' ? `${indent}{}\n` : out;
  }
  return `${indent}${yamlScalar(value)}\n`;
}

function hasKeys(value: object): boolean {
  for (const k in value) if (Object.hasOwn(value, k)) return true;
  return false;
}

function strategicMerge(body: Record<string, unknown>): ResultPatch {
  return { type: 'strategic-merge', body: toYaml(body) };
}

/** The block YAML that opens a dotted path (one key per line, each nested two spaces deeper) and the indent under it. */
interface Nesting {
  head: string;
  indent: string;
}
/** By dotted path: a cluster's workloads share a handful (`spec.template.spec.containers`, ...). */
const nestings = new Map<string, Nesting>();

function nestingOf(path: string): Nesting {
  let nesting = nestings.get(path);
  if (!nesting) {
    let head = '';
    let indent = '';
    for (const key of path.split('.').filter(Boolean)) {
      head += `${indent}${yamlScalar(key)}:\n`;
      indent += '  ';
    }
    nestings.set(path, (nesting = { head, indent }));
  }
  return nesting;
}

/** A strategic-merge patch setting `value` under a dotted path; the nesting's YAML is built once per path, not for every result. */
function strategicMergeAt(path: string, value: Record<string, unknown> | unknown[]): ResultPatch {
  const { head, indent } = nestingOf(path);
  return { type: 'strategic-merge', body: head + toYaml(value, indent) };
}

/**
 * A strategic-merge patch setting fields on one container (merged by name). Ephemeral
 * containers cannot be changed by a patch of the Pod, so they get none.
 */
export function containerPatch(w: Workload, c: ResolvedContainer, fields: Record<string, unknown>): ResultPatch | undefined {
  if (c.kind === 'ephemeralContainer') return undefined;
  const list = c.kind === 'initContainer' ? 'initContainers' : 'containers';
  return strategicMergeAt(`${w.podSpecPath}.${list}`, [{ name: c.name, ...fields }]);
}

/** A strategic-merge patch setting container securityContext fields. */
export function containerSecurityContextPatch(
  w: Workload,
  c: ResolvedContainer,
  securityContext: Record<string, unknown>,
): ResultPatch | undefined {
  return containerPatch(w, c, { securityContext });
}

/** A strategic-merge patch setting fields of the pod spec itself. */
export function podSpecPatch(w: Workload, fields: Record<string, unknown>): ResultPatch {
  return strategicMergeAt(w.podSpecPath, fields);
}

/** A strategic-merge patch for any object (namespace labels, ...). */
export function objectPatch(fields: Record<string, unknown>): ResultPatch {
  return strategicMerge(fields);
}

/**
 * Where a securityContext field of a container lives: the path it was read from when it is set
 * (container level, pod level or a legacy annotation), otherwise the container's
 * `securityContext`, where it should be added.
 */
export function securityContextFieldPath(c: ResolvedContainer, field: keyof EffectiveSecurityContext): string {
  return c.securityContextPaths[field] ?? `${c.path}.securityContext`;
}

/**
 * True when the effective value of a field applies to this container only: set in its own
 * securityContext or by a legacy per-container annotation (`container.seccomp...` /
 * `container.apparmor...`). A fix must then go on the container, since it overrides the pod.
 */
export function setOnContainer(c: ResolvedContainer, field: keyof EffectiveSecurityContext): boolean {
  const p = c.securityContextPaths[field];
  return p !== undefined && (p.startsWith(`${c.path}.`) || p.includes(`.annotations['container.`));
}

/**
 * Windows pods ignore the Linux-only securityContext fields (seccomp, AppArmor, capabilities,
 * privilege escalation, procMount, read-only root fs); how a pod is known to be one:
 * lib/k8s/pod-spec.ts (`Workload.windows`).
 */
export function isWindows(w: Workload): boolean {
  return w.windows;
}

/** Capability name as the kernel knows it: upper case, without the `CAP_` prefix. */
export function normalizeCapability(cap: string): string {
  const up = cap.trim().toUpperCase();
  return up.startsWith('CAP_') ? up.slice(4) : up;
}

export function namespaceRef(name: string): ResourceRef {
  return { apiVersion: 'v1', kind: 'Namespace', name };
}
