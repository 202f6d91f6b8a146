/**
 * One finding with everything its detail page shows: the check (rationale, remediation,
 * frameworks), the resource's manifest (ResourceDocument), its lifecycle events with their
 * scans, the exception covering it, and other resources failing the same check.
 */
import 'server-only';
import YAML from 'yaml';
import { getCheck } from '@/lib/checks';
import { frameworksFor, type FrameworkMapping } from '@/lib/checks/frameworks';
import { isKubeletConfigDocument } from '@/lib/checks/kubelet-config';
import type { Remediation, Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { mask, maskManifest } from '@/lib/k8s/mask';
import { loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';

export interface FindingDetail {
  id: string;
  cluster: { id: string; name: string };
  checkId: string;
  check: { title: string; description: string; rationale: string; guideRef: string; remediation: Remediation } | null;
  frameworks: FrameworkMapping;
  section: string;
  severity: Severity;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  path: string | null;
  detail: string | null;
  message: string;
  evidence: unknown;
  patch: { type: string; body: string } | null;
  manifest: unknown | null;
  status: 'open' | 'excepted' | 'resolved';
  exception: { id: string; reason: string; expiresAt: string | null } | null;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  reopenCount: number;
  events: Array<{ id: string; type: 'opened' | 'resolved' | 'reopened'; at: string; scanId: string }>;
  related: Array<{ id: string; clusterName: string; resource: { kind: string; namespace: string | null; name: string }; severity: Severity; message: string }>;
  relatedTotal: number;
}

function asPatch(value: unknown): { type: string; body: string } | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { type?: unknown; body?: unknown };
  return typeof v.body === 'string' ? { type: typeof v.type === 'string' ? v.type : 'strategic-merge', body: v.body } : null;
}

export async function getFindingDetail(db: Db, id: string, now = new Date()): Promise<FindingDetail | null> {
  const f = await db.finding.findUnique({
    where: { id },
    include: {
      cluster: { select: { id: true, name: true } },
      manifest: { select: { body: true } },
      events: { orderBy: { at: 'asc' }, select: { id: true, type: true, at: true, scanId: true }, take: 200 },
    },
  });
  if (!f) return null;
  const stale = await loadStaleExceptionIds(db, now);
  const [exception, related, relatedTotal] = await Promise.all([
    // The exception covering the finding (lib/exceptions/active.ts), when still active.
    f.status === 'open' && f.exceptionId && !stale.includes(f.exceptionId)
      ? db.riskException.findUnique({ where: { id: f.exceptionId }, select: { id: true, reason: true, expiresAt: true } })
      : Promise.resolve(null),
    db.finding.findMany({
      where: { checkId: f.checkId, status: 'open', id: { not: f.id }, ...notExceptedWhereFor(stale) },
      orderBy: [{ severity: 'asc' }, { firstSeenAt: 'desc' }, { id: 'asc' }],
      take: 10,
      select: { id: true, severity: true, message: true, resourceKind: true, resourceNamespace: true, resourceName: true, cluster: { select: { name: true } } },
    }),
    db.finding.count({ where: { checkId: f.checkId, status: 'open', id: { not: f.id }, ...notExceptedWhereFor(stale) } }),
  ]);
  const check = getCheck(f.checkId);
  return {
    id: f.id,
    cluster: f.cluster,
    checkId: f.checkId,
    check: check ? { title: check.title, description: check.description, rationale: check.rationale, guideRef: check.guideRef, remediation: check.remediation } : null,
    frameworks: frameworksFor(f.checkId),
    section: f.section,
    severity: f.severity,
    resource: { apiVersion: f.resourceApiVersion, kind: f.resourceKind, namespace: f.resourceNamespace, name: f.resourceName },
    path: f.path,
    detail: f.detail,
    message: f.message,
    // Masked again as it is shown: rows written before masking existed never reach a page unmasked.
    evidence: mask(f.evidence),
    patch: asPatch(f.patch),
    manifest: f.manifest ? maskManifest(f.manifest.body) : null,
    status: f.status === 'resolved' ? 'resolved' : exception ? 'excepted' : 'open',
    exception: exception ? { id: exception.id, reason: exception.reason, expiresAt: exception.expiresAt?.toISOString() ?? null } : null,
    firstSeenAt: f.firstSeenAt.toISOString(),
    lastSeenAt: f.lastSeenAt.toISOString(),
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    reopenCount: f.reopenCount,
    events: f.events.map((e) => ({ id: e.id, type: e.type, at: e.at.toISOString(), scanId: e.scanId })),
    related: related.map((r) => ({ id: r.id, clusterName: r.cluster.name, resource: { kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName }, severity: r.severity, message: r.message })),
    relatedTotal,
  };
}

type Fillable = Pick<FindingDetail, 'resource' | 'detail' | 'evidence'>;

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
 * The document a finding's fix is shown against. Usually the resource's manifest; for a check whose
 * fix goes into the kubelet configuration file, the kubelet configuration Rampart read for the node
 * (a finding stored before that was kept has the Node instead, which is not what gets changed: none).
 */
export function fixDocument(f: Pick<FindingDetail, 'check' | 'manifest'>): { kubeletConfig: boolean; manifest: unknown | null } {
  const kubeletConfig = f.check?.remediation.appliesTo === 'kubelet-config';
  if (!kubeletConfig) return { kubeletConfig, manifest: f.manifest };
  return { kubeletConfig, manifest: isKubeletConfigDocument(f.manifest) ? f.manifest : null };
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
