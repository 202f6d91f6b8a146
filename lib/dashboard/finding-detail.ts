/**
 * One finding with everything its detail page shows: the check (rationale, remediation,
 * frameworks), the resource's manifest (ResourceDocument), its lifecycle events with their
 * scans, the exception covering it, other resources failing the same check, its owning team
 * (lib/teams/ownership.ts) and assignee. With a team-scoped access scope, a finding outside it is
 * not found, and the related findings are the scope's own.
 */
import 'server-only';
import { getCheck } from '@/lib/checks';
import { frameworksFor, type FrameworkMapping } from '@/lib/checks/frameworks';
import { isKubeletConfigDocument } from '@/lib/checks/kubelet-config';
import type { Remediation, Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { mask, maskManifest } from '@/lib/k8s/mask';
import { isExcepted, loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';
import { storedPatch } from '@/lib/remediation/patch';
import { findingDue, type SlaStatus } from '@/lib/sla/policy';
import { getSlaPolicies } from '@/lib/sla/settings';
import { ownersOfFindings, type FindingOwner } from '@/lib/teams/owners';
import { FLEET, findingsVisibleWhere, type AccessScope } from '@/lib/teams/scope';

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
  /** Remediation due date and SLA state (lib/sla/policy.ts findingDue); null when not tracked. */
  dueAt: string | null;
  sla: SlaStatus | null;
  ticketUrl: string | null;
  reopenCount: number;
  events: Array<{ id: string; type: 'opened' | 'resolved' | 'reopened'; at: string; scanId: string }>;
  related: Array<{ id: string; clusterName: string; resource: { kind: string; namespace: string | null; name: string }; severity: Severity; message: string }>;
  relatedTotal: number;
  /** The owning team; null: unowned. */
  owner: FindingOwner | null;
  assignee: { id: string; name: string; email: string } | null;
}

export async function getFindingDetail(db: Db, id: string, now = new Date(), access: AccessScope = FLEET): Promise<FindingDetail | null> {
  const visible = findingsVisibleWhere(access);
  const f = await db.finding.findFirst({
    where: { AND: [{ id }, visible] },
    include: {
      cluster: { select: { id: true, name: true } },
      assignee: { select: { id: true, name: true, email: true } },
      manifest: { select: { body: true } },
      events: { orderBy: { at: 'asc' }, select: { id: true, type: true, at: true, scanId: true }, take: 200 },
    },
  });
  if (!f) return null;
  const [stale, policies] = await Promise.all([loadStaleExceptionIds(db, now), getSlaPolicies(db)]);
  const relatedWhere = { AND: [{ checkId: f.checkId, status: 'open' as const, id: { not: f.id }, ...notExceptedWhereFor(stale) }, visible] };
  const [exception, related, relatedTotal, owners] = await Promise.all([
    // The exception covering the finding (lib/exceptions/active.ts), when still active.
    f.exceptionId && isExcepted(f, new Set(stale))
      ? db.riskException.findUnique({ where: { id: f.exceptionId }, select: { id: true, reason: true, expiresAt: true } })
      : Promise.resolve(null),
    db.finding.findMany({
      where: relatedWhere,
      orderBy: [{ severity: 'asc' }, { firstSeenAt: 'desc' }, { id: 'asc' }],
      take: 10,
      select: { id: true, severity: true, message: true, resourceKind: true, resourceNamespace: true, resourceName: true, cluster: { select: { name: true } } },
    }),
    db.finding.count({ where: relatedWhere }),
    ownersOfFindings(db, [f]),
  ]);
  const check = getCheck(f.checkId);
  const status = f.status === 'resolved' ? 'resolved' : exception ? 'excepted' : 'open';
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
    patch: storedPatch(f.patch),
    manifest: f.manifest ? maskManifest(f.manifest.body) : null,
    status,
    exception: exception ? { id: exception.id, reason: exception.reason, expiresAt: exception.expiresAt?.toISOString() ?? null } : null,
    firstSeenAt: f.firstSeenAt.toISOString(),
    lastSeenAt: f.lastSeenAt.toISOString(),
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    ...findingDue({ severity: f.severity, firstSeenAt: f.firstSeenAt, tracked: status === 'open', owner: owners.get(f.id) ?? null }, policies, now),
    ticketUrl: f.ticketUrl,
    reopenCount: f.reopenCount,
    events: f.events.map((e) => ({ id: e.id, type: e.type, at: e.at.toISOString(), scanId: e.scanId })),
    related: related.map((r) => ({ id: r.id, clusterName: r.cluster.name, resource: { kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName }, severity: r.severity, message: r.message })),
    relatedTotal,
    owner: owners.get(f.id) ?? null,
    assignee: f.assignee,
  };
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
