/**
 * A check's remediation as the PDF shows it for its affected resources: the kubectl command(s)
 * and YAML patch filled in with each resource's real names (lib/remediation/fill), identical
 * ones shown once. Pure: the document only lays these out.
 */
import { resourceDisplayName, resourceLabel } from '@/lib/dashboard/resource-label';
import { fillRemediation, type FilledRemediation } from '@/lib/remediation/fill';
import type { ReportCheckGroup, ReportFinding } from '../view-model';

/** Resources listed per check (before "… N more"); commands and patches are filled for these. */
export const MAX_RESOURCES_PER_CHECK = 60;
/** Distinct filled commands and patches shown per check. */
export const MAX_COMMANDS_PER_CHECK = 6;
export const MAX_PATCHES_PER_CHECK = 3;

export interface FilledPatch {
  type: string;
  body: string;
  /** The first resource it is for, and how many others get the same patch. */
  resource: string;
  others: number;
}

export interface CheckFixes {
  /** The steps, filled in when the check has one affected resource (else the template's wording). */
  steps: string[];
  /** Commands (one block per distinct command; each names its resource when they differ). */
  commands: string[];
  moreCommands: number;
  /** Affected resources whose kind takes no command (a bare Pod, a Rollout): their manifest is edited. */
  noCommand: number;
  patches: FilledPatch[];
  morePatches: number;
}

function fillFor(g: ReportCheckGroup, f: ReportFinding): FilledRemediation {
  const resource = { kind: f.resource.kind, namespace: f.resource.namespace, name: resourceDisplayName(f.resource, f.clusterName) };
  return fillRemediation({ steps: g.remediation.steps, kubectl: g.remediation.kubectl ?? undefined, patch: g.remediation.patch ?? undefined }, { resource, detail: f.detail, evidence: f.evidence }, f.patch);
}

/** Distinct values in first-seen order, each with the resources that share it. */
function distinct<T>(items: Array<{ key: string; value: T; label: string }>): Array<{ value: T; labels: string[] }> {
  const out = new Map<string, { value: T; labels: string[] }>();
  for (const it of items) {
    const seen = out.get(it.key);
    if (seen) seen.labels.push(it.label);
    else out.set(it.key, { value: it.value, labels: [it.label] });
  }
  return [...out.values()];
}

export function checkFixes(g: ReportCheckGroup, multiCluster = false): CheckFixes {
  const shown = g.findings.slice(0, MAX_RESOURCES_PER_CHECK);
  const fills = shown.map((f) => ({ f, fix: fillFor(g, f), label: resourceLabel(f.resource, f.clusterName) + (multiCluster ? ` (${f.clusterName})` : '') }));
  const commands = distinct(fills.filter((x) => x.fix.kubectl).map((x) => ({ key: x.fix.kubectl as string, value: x.fix.kubectl as string, label: x.label })));
  const patches = distinct(fills.filter((x) => x.fix.patch).map((x) => ({ key: `${x.fix.patch?.type}\u0000${x.fix.patch?.body}`, value: x.fix.patch as { type: string; body: string }, label: x.label })));
  const named = commands.length > 1;
  return {
    steps: shown.length === 1 && fills[0] ? fills[0].fix.steps : g.remediation.steps,
    commands: commands.slice(0, MAX_COMMANDS_PER_CHECK).map((c) => (named ? `# ${c.labels[0]}${c.labels.length > 1 ? ` and ${c.labels.length - 1} more` : ''}\n${c.value}` : c.value)),
    moreCommands: Math.max(0, commands.length - MAX_COMMANDS_PER_CHECK),
    noCommand: fills.filter((x) => x.fix.noCommandForKind).length,
    patches: patches.slice(0, MAX_PATCHES_PER_CHECK).map((p) => ({ type: p.value.type, body: p.value.body, resource: p.labels[0] ?? '', others: p.labels.length - 1 })),
    morePatches: Math.max(0, patches.length - MAX_PATCHES_PER_CHECK),
  };
}
