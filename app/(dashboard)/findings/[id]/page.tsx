import { ArrowLeft, BookOpen, History, ListChecks, ShieldAlert, UsersRound, Wrench } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DiffBlock, YamlBlock } from '@/components/findings/code-views';
import { AcceptRiskButton } from '@/components/findings/accept-risk-button';
import { DueDate } from '@/components/findings/due-date';
import { AssignFinding } from '@/components/findings/assign-finding';
import { FindingStatusBadge } from '@/components/findings/findings-table';
import { TicketLink } from '@/components/findings/ticket-link';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import { Badge, Card, CardBody, CardHeader, CopyButton, EmptyState, PageHeader, RelativeTime, SeverityBadge } from '@/components/ui';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { assigneeCandidates } from '@/lib/teams/assign';
import { getDb } from '@/lib/db/client';
import { fixDocument, getFindingDetail } from '@/lib/dashboard/finding-detail';
import { fillRemediation } from '@/lib/remediation/fill';
import { RemediationStep } from '@/components/findings/remediation-step';
import { sectionLabel } from '@/lib/dashboard/sections';
import { patchDiff, yamlWithHighlight } from '@/lib/dashboard/yaml-view';

export const metadata: Metadata = { title: 'Finding' };

const EVENT_LABEL = { opened: 'Opened', resolved: 'Resolved', reopened: 'Reopened' } as const;
const EVENT_TONE = { opened: 'danger', resolved: 'success', reopened: 'warning' } as const;

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ user, scope }, { id }] = await Promise.all([requireScope('viewer'), params]);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const db = await getDb();
  // Outside the caller's teams a finding does not exist for them: 404, never its contents.
  const f = await getFindingDetail(db, id, new Date(), scope);
  if (!f) notFound();
  const canAssign = hasRole(user.role, 'analyst');
  const candidates = canAssign ? await assigneeCandidates(db, f.owner?.teamId ?? null) : [];
  // The document the fix changes: the resource's manifest, or the node's kubelet configuration.
  const { kubeletConfig, manifest } = fixDocument(f);
  const view = manifest ? yamlWithHighlight(manifest, f.path) : null;
  // Steps, command and patch filled in for this resource (the result's own patch wins over the template).
  const fix = fillRemediation(f.check?.remediation ?? { steps: [] }, f, f.patch);
  const patch = fix.patch;
  const diff = patchDiff(manifest, patch);
  const kubectl = fix.kubectl;
  // The check has a command, but not one this kind accepts (a bare Pod, a Rollout): say why instead.
  const noPatchCommand = fix.noCommandForKind;
  const fw = f.frameworks;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/findings?cluster=${f.cluster.id}`} className="inline-flex items-center gap-1 hover:text-accent">
            <ArrowLeft className="size-3.5" aria-hidden="true" /> Findings in {f.cluster.name}
          </Link>
        }
        title={f.check?.title ?? f.checkId}
        description={f.message}
        actions={
          <div className="flex items-center gap-2">
            <SeverityBadge severity={f.severity} />
            <FindingStatusBadge status={f.status} />
            {f.status === 'open' && hasRole(user.role, 'analyst') ? <AcceptRiskButton findingId={f.id} /> : null}
          </div>
        }
      />

      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card>
            <CardHeader title="What is wrong and why it matters" id="why" />
            <CardBody className="space-y-3 text-sm">
              <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5">
                <dt className="text-muted">Resource</dt>
                <dd className="font-mono text-xs break-all">{resourceLabel(f.resource, f.cluster.name)}</dd>
                <dt className="text-muted">Cluster</dt>
                <dd>
                  <Link href={`/clusters/${f.cluster.id}`} className="hover:text-accent hover:underline">
                    {f.cluster.name}
                  </Link>
                </dd>
                {f.path ? (
                  <>
                    <dt className="text-muted">Field</dt>
                    <dd className="font-mono text-xs break-all">
                      <a href="#highlighted-field" className="hover:text-accent hover:underline">
                        {f.path}
                      </a>
                    </dd>
                  </>
                ) : null}
                <dt className="text-muted">Check</dt>
                <dd className="font-mono text-xs">{f.checkId}</dd>
                <dt className="text-muted">Due</dt>
                <dd data-testid="finding-due">
                  <DueDate dueAt={f.dueAt} sla={f.sla} />
                </dd>
              </dl>
              {f.check ? (
                <>
                  <p>{f.check.description}</p>
                  <p className="rounded-md border-l-4 border-warning bg-warning-soft px-3 py-2">
                    <span className="font-semibold">Why it matters: </span>
                    {f.check.rationale}
                  </p>
                </>
              ) : (
                <p className="text-muted">This check is no longer in Rampart&apos;s catalog; the finding is kept for its history.</p>
              )}
              {f.exception ? (
                <p className="rounded-md border border-warning/30 bg-warning-soft px-3 py-2">
                  <span className="font-semibold">Accepted risk: </span>
                  {f.exception.reason}
                  {f.exception.expiresAt ? (
                    <>
                      {' '}
                      (expires <RelativeTime date={f.exception.expiresAt} />)
                    </>
                  ) : null}
                </p>
              ) : null}
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="Ticket" id="ticket" description="The external ticket tracking the fix." />
            <CardBody>
              <TicketLink findingId={f.id} clusterId={f.cluster.id} checkId={f.checkId} ticketUrl={f.ticketUrl} canEdit={hasRole(user.role, 'analyst')} open={f.status === 'open'} />
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="How to fix it" id="fix" description="Follow the steps; the command and the patch are filled in for this resource where Rampart knows the values." />
            <CardBody className="space-y-4 text-sm">
              {fix.steps.length ? (
                <ol className="list-decimal space-y-1.5 pl-5">
                  {fix.steps.map((s, i) => (
                    <li key={i}>
                      <RemediationStep text={s} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {kubectl ? (
                <div>
                  <div className="mb-1.5 flex items-center justify-between gap-2">
                    <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">kubectl</h3>
                    <CopyButton text={kubectl} label="Copy command" />
                  </div>
                  <pre className="overflow-x-auto rounded-md border border-border bg-surface-muted/50 px-3 py-2 font-mono text-xs whitespace-pre-wrap" data-testid="kubectl-command">
                    {kubectl}
                  </pre>
                  {/<[a-z-]+>/.test(kubectl) ? <p className="mt-1 text-xs text-muted">Replace the remaining &lt;placeholders&gt; before running it.</p> : null}
                </div>
              ) : null}
              {noPatchCommand ? (
                <p className="text-muted" data-testid="no-patch-command-note">
                  {f.resource.kind === 'Pod'
                    ? 'A Pod’s spec cannot be changed in place: change its manifest as below and recreate the Pod, or fix the controller or chart that creates it.'
                    : `A ${f.resource.kind} does not accept this kind of patch: change its manifest as below and apply it.`}
                </p>
              ) : null}
              {diff ? (
                <div>
                  <div className="mb-1.5 flex items-center justify-between gap-2">
                    <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">
                      {kubeletConfig
                        ? `Kubelet configuration fragment${manifest ? ' (diff against the configuration read from the node)' : ''}`
                        : `YAML patch ${manifest && f.patch?.type === 'strategic-merge' ? '(diff against the scanned manifest)' : ''}`}
                    </h3>
                    <CopyButton text={patch?.body ?? ''} label="Copy patch" />
                  </div>
                  <DiffBlock lines={diff} label="YAML patch as a diff" />
                </div>
              ) : null}
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title={kubeletConfig ? 'Kubelet configuration' : 'Resource manifest'}
              id="manifest"
              description={
                (kubeletConfig ? `The KubeletConfiguration of node ${f.resource.name} as Rampart read it (the kubelet's /configz on a live cluster). ` : '') +
                (view?.highlight
                  ? view.exact
                    ? 'As of the last scan that saw this finding. The failing field is highlighted.'
                    : `The field ${f.path} is not set; the highlighted block is where it belongs.`
                  : 'As of the last scan that saw this finding.')
              }
            />
            <CardBody>
              {view ? (
                <YamlBlock view={view} label={kubeletConfig ? 'Kubelet configuration (YAML)' : undefined} />
              ) : kubeletConfig ? (
                <EmptyState title="No kubelet configuration stored" description="Rampart stores the kubelet configuration it read from the node with each failing kubelet finding. This finding was last seen before that was kept; run a new scan to capture it." />
              ) : (
                <EmptyState title="No manifest stored" description="Rampart stores the manifest of a failing resource when a scan reads it. Cluster-wide findings and findings from before manifests were kept have none; run a new scan to capture it." />
              )}
            </CardBody>
          </Card>
        </div>

        <div className="space-y-6">
          <Card>
            <CardHeader title="Ownership" id="ownership" actions={<UsersRound className="size-4 text-muted" aria-hidden="true" />} />
            <CardBody className="space-y-3 text-sm">
              <p data-testid="finding-owner">
                <span className="text-muted">Owning team: </span>
                {f.owner ? <span className="font-medium">{f.owner.teamName}</span> : <span className="font-medium">Unowned</span>}
                {f.owner ? null : <span className="block text-xs text-muted">No team&apos;s scope covers this resource. An admin adds one under Settings → Teams.</span>}
              </p>
              {canAssign ? (
                <AssignFinding findingId={f.id} current={f.assignee} candidates={candidates} />
              ) : (
                <p>
                  <span className="text-muted">Assigned to: </span>
                  {f.assignee ? f.assignee.name || f.assignee.email : 'nobody'}
                </p>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Guide and frameworks" id="refs" actions={<BookOpen className="size-4 text-muted" aria-hidden="true" />} />
            <CardBody className="space-y-2 text-sm">
              <p>
                <span className="text-muted">Hardening guide: </span>
                {sectionLabel(f.section)}
                {f.check ? <span className="text-muted"> · §{f.check.guideRef}</span> : null}
              </p>
              {fw.cis?.length ? (
                <p>
                  <span className="text-muted">CIS Kubernetes Benchmark: </span>
                  {fw.cis.join(', ')}
                </p>
              ) : null}
              {fw.nsa?.length ? (
                <div>
                  <span className="text-muted">NSA/CISA hardening guidance:</span>
                  <ul className="mt-1 list-disc pl-5">
                    {fw.nsa.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {fw.pss ? (
                <p>
                  <span className="text-muted">Pod Security Standards: </span>
                  <span className="capitalize">{fw.pss.level}</span> — {fw.pss.control}
                </p>
              ) : null}
              {!fw.cis?.length && !fw.nsa?.length && !fw.pss ? <p className="text-muted">No external framework maps to this check.</p> : null}
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="History" id="history" actions={<History className="size-4 text-muted" aria-hidden="true" />} />
            <CardBody className="space-y-3 text-sm">
              <p>
                First seen <RelativeTime date={f.firstSeenAt} />, last seen <RelativeTime date={f.lastSeenAt} />
                {f.reopenCount ? `, reopened ${f.reopenCount} time${f.reopenCount === 1 ? '' : 's'}` : ''}.
              </p>
              <ol className="space-y-2 border-l border-border pl-4" aria-label="Lifecycle events">
                {f.events.map((e) => (
                  <li key={e.id} className="flex flex-wrap items-center gap-2">
                    <Badge tone={EVENT_TONE[e.type]} dot>
                      {EVENT_LABEL[e.type]}
                    </Badge>
                    <span className="text-xs text-muted">
                      <RelativeTime date={e.at} />
                    </span>
                    <Link href={`/scans/${e.scanId}`} className="text-xs text-accent hover:underline">
                      scan
                    </Link>
                  </li>
                ))}
              </ol>
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="Same check, other resources" id="related" actions={<ListChecks className="size-4 text-muted" aria-hidden="true" />} description={f.relatedTotal ? `${f.relatedTotal} other open finding${f.relatedTotal === 1 ? '' : 's'} of this check` : undefined} />
            <CardBody className="text-sm">
              {f.related.length ? (
                <ul className="space-y-2">
                  {f.related.map((r) => (
                    <li key={r.id}>
                      <Link href={`/findings/${r.id}`} className="font-mono text-xs hover:text-accent hover:underline">
                        {resourceLabel(r.resource, r.clusterName)}
                      </Link>
                      <p className="text-xs text-muted">
                        {r.clusterName} · {r.severity}
                      </p>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="flex items-center gap-2 text-muted">
                  <ShieldAlert className="size-4" aria-hidden="true" /> No other resource fails this check.
                </p>
              )}
              {f.relatedTotal > f.related.length ? (
                <Link href={`/findings?check=${f.checkId}`} className="mt-3 inline-flex items-center gap-1 text-xs text-accent hover:underline">
                  <Wrench className="size-3.5" aria-hidden="true" /> See all {f.relatedTotal + 1} findings of this check
                </Link>
              ) : null}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
