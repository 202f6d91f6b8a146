'use client';

/** What one subject can do, grouped by risk (the reverse of who-can), with the workloads carrying it. */
import { ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { Badge, ErrorState, LoadingRows } from '@/components/ui';
import { useRbacSubject } from './api';
import { ChainLine, ExposureBadges, RiskBadge, WorkloadLink } from './shared';

export function SubjectPanel({ clusterId, scan, subjectKey }: { clusterId: string; scan: string | undefined; subjectKey: string }) {
  const q = useRbacSubject(clusterId, scan, subjectKey);
  if (q.isPending) return <LoadingRows rows={4} label="Loading the subject's permissions…" />;
  if (q.isError) return <ErrorState title="Could not load this subject" error={q.error} />;
  const { subject, escalations } = q.data;
  const name = subject.subject.name;
  return (
    <div className="space-y-4 text-sm" data-testid="subject-panel">
      <div>
        <p className="text-xs font-medium tracking-wide text-muted uppercase">{subject.subject.kind}</p>
        <h3 className="text-base font-semibold break-all text-foreground">{subject.label.replace(/^\S+ /, '')}</h3>
        <div className="mt-1 flex flex-wrap gap-1">
          {subject.isSystem ? <Badge>system</Badge> : null}
          {subject.exists === false ? <Badge tone="warning">ServiceAccount object missing</Badge> : null}
          {subject.inheritedGroups.map((g) => (
            <Badge key={g} tone="info">
              member of {g}
            </Badge>
          ))}
        </div>
        <Link href={`/findings?cluster=${encodeURIComponent(clusterId)}&q=${encodeURIComponent(name)}`} prefetch={false} className="mt-2 inline-flex items-center gap-1 text-xs font-medium text-accent hover:underline">
          Findings about {name} <ExternalLink className="size-3" aria-hidden="true" />
        </Link>
      </div>

      <section aria-label="Risky permissions" data-testid="subject-risks">
        <h4 className="mb-2 font-semibold text-foreground">Risky permissions</h4>
        {subject.risks.length === 0 ? <p className="text-muted">None: nothing this subject holds is on Rampart&apos;s list of dangerous permissions.</p> : null}
        <ul className="space-y-3">
          {subject.risks.map((group) => (
            <li key={group.risk.id} className="rounded-md border border-border p-2" data-testid="subject-risk" data-risk={group.risk.id}>
              <RiskBadge risk={group.risk} />
              {group.chains.length === 0 ? <p className="mt-1 text-xs text-muted">Only on named objects (resourceNames):</p> : null}
              <ul className="mt-1.5 space-y-1">
                {[...group.chains, ...group.restrictedChains].map((c, i) => (
                  <li key={i}>
                    <ChainLine chain={c} />
                    {c.resourceNames.length > 0 ? <span className="text-xs text-subtle"> only {c.resourceNames.join(', ')}</span> : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      {escalations.length > 0 ? (
        <section aria-label="Escalation paths">
          <h4 className="mb-2 font-semibold text-foreground">Escalation paths</h4>
          <ul className="space-y-1 text-xs">
            {escalations.map((r, i) => (
              <li key={i} className={r.reachesClusterAdmin ? 'text-severity-critical' : 'text-foreground'}>
                {r.steps.map((s) => `${s.technique} → ${s.to}`).join(' → ')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {subject.workloads.length > 0 ? (
        <section aria-label="Workloads running as this subject">
          <h4 className="mb-2 font-semibold text-foreground">Workloads running as it</h4>
          <p className="mb-1.5 text-xs text-muted">Each links to the workload&apos;s findings.</p>
          <ul className="space-y-1.5">
            {subject.workloads.map((w) => (
              <li key={w.key} className="flex flex-wrap items-center gap-2 text-xs">
                <WorkloadLink clusterId={clusterId} workload={w.ref} />
                {w.tokenMounted ? <Badge tone="warning">token mounted</Badge> : <Badge tone="success">no token</Badge>}
                <ExposureBadges exposure={w.exposure} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <details>
        <summary className="cursor-pointer font-semibold text-foreground">Other permissions ({subject.otherChains.length})</summary>
        <ul className="mt-2 space-y-1">
          {subject.otherChains.map((c, i) => (
            <li key={i}>
              <ChainLine chain={c} />
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
