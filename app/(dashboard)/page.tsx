import { Activity, CircleAlert, CircleCheck, CircleDashed, CirclePause, Server } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/shell/auto-refresh';
import { Badge, type BadgeTone, GradeBadge } from '@/components/ui/badge';
import { isGrade } from '@/lib/vocabulary';
import { Button, ButtonLink } from '@/components/ui/button';
import { Input, Label } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { Stat } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { EmptyState } from '@/components/ui/states';
import { Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getFleetOverview, type ConnectionState, type FleetCluster } from '@/lib/dashboard/fleet';
import { getSlaNumbers, TEAM_SLA_WINDOW_DAYS } from '@/lib/sla/compliance';
import { getTeamSlaTrends } from '@/lib/sla/history';
import { TeamSlaTable } from '@/components/sla/team-sla-table';
import { Sparkline } from '@/components/charts/sparkline';
import { SEVERITY_PILL } from '@/components/findings/severity-counts';
import { ScoreDelta } from '@/components/scorecards/cluster-scorecards';
import { SECTION_IDS } from '@/lib/checks/types';
import { SECTIONS } from '@/lib/dashboard/sections';
import { getFixFirst } from '@/lib/dashboard/fix-first';
import { FixFirstList } from '@/components/risk/fix-first-list';

const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

export const metadata: Metadata = { title: 'Overview' };

const CONNECTION: Record<ConnectionState, { label: string; tone: BadgeTone; icon: typeof CircleCheck }> = {
  connected: { label: 'Connected', tone: 'success', icon: CircleCheck },
  unreachable: { label: 'Unreachable', tone: 'danger', icon: CircleAlert },
  untested: { label: 'Not tested yet', tone: 'neutral', icon: CircleDashed },
  disabled: { label: 'Disabled', tone: 'neutral', icon: CirclePause },
};

const SCAN_TONE: Record<string, BadgeTone> = { queued: 'neutral', running: 'info', succeeded: 'success', failed: 'danger', cancelled: 'warning' };

function ConnectionCell({ cluster }: { cluster: FleetCluster }) {
  const info = CONNECTION[cluster.connection.state];
  const Icon = info.icon;
  return (
    <div className="min-w-0">
      <Badge tone={info.tone}>
        <Icon className="size-3.5" aria-hidden="true" />
        {info.label}
      </Badge>
      {cluster.connection.checkedAt ? (
        <p className="mt-1 text-xs text-muted">
          checked <RelativeTime date={cluster.connection.checkedAt} />
        </p>
      ) : null}
      {cluster.connection.state === 'unreachable' && cluster.connection.message ? (
        <p className="mt-1 max-w-60 truncate text-xs text-danger" title={cluster.connection.message}>
          {cluster.connection.message}
        </p>
      ) : null}
    </div>
  );
}

function OpenFindings({ counts, clusterId }: { counts: FleetCluster['openFindings']; clusterId: string }) {
  const total = counts.critical + counts.high + counts.medium + counts.low + counts.info;
  if (total === 0) return <span className="text-xs text-muted">none</span>;
  return (
    <Link href={`/findings?cluster=${clusterId}`} className="flex flex-col gap-1 text-xs hover:underline" title={`${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.info} info`}>
      <span className="flex gap-1 whitespace-nowrap">
        {counts.critical ? <span className={`rounded px-1.5 py-0.5 font-semibold ${SEVERITY_PILL.critical}`}>{counts.critical} critical</span> : null}
        {counts.high ? <span className={`rounded px-1.5 py-0.5 font-semibold ${SEVERITY_PILL.high}`}>{counts.high} high</span> : null}
      </span>
      <span className="text-muted">{total} open in all</span>
    </Link>
  );
}

/** Under a score that covers only the caller's namespaces of the cluster. */
function PartNote({ namespaces }: { namespaces: string[] }) {
  const label = namespaces.length ? `your ${namespaces.length === 1 ? 'namespace' : `${namespaces.length} namespaces`}` : 'none of your namespaces scored yet';
  return (
    <p className="mt-1 max-w-40 truncate text-xs text-muted" data-testid="part-note" title={namespaces.length ? `Scored over ${namespaces.join(', ')} only: your teams own part of this cluster.` : 'Your teams own part of this cluster; scores come from its namespace scores, which its next scan records.'}>
      {label}
    </p>
  );
}

function SectionScores({ scores, clusterId }: { scores: FleetCluster['sectionScores']; clusterId: string }) {
  if (!scores) return <span className="text-muted">—</span>;
  return (
    // Two columns of three: six in a row pushed the open-findings column out of the table at 1280 px.
    <div className="grid w-max grid-cols-2 gap-1">
      {SECTION_IDS.map((s) => {
        const v = scores[s];
        return (
          <Link
            key={s}
            href={`/clusters/${clusterId}/sections/${s}`}
            title={`${SECTIONS[s].number}. ${SECTIONS[s].title}: ${v ? `${v.score} (${v.grade})` : 'no result'}`}
            className="flex w-9 flex-col items-center rounded border border-border px-1 py-0.5 text-[10px] leading-tight hover:border-accent"
          >
            <span className="text-muted">§{SECTIONS[s].number}</span>
            <span className={`font-semibold tabular-nums ${v && v.score < 60 ? 'text-danger' : v && v.score < 80 ? 'text-warning' : ''}`}>{v?.score ?? '—'}</span>
          </Link>
        );
      })}
    </div>
  );
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, scope } = await requireScope('viewer');
  const teams = scope.kind === 'teams' ? scope.teams : null;
  const sp = await searchParams;
  const envParam = typeof sp.env === 'string' ? sp.env : '';
  const environment = (ENVIRONMENTS as readonly string[]).includes(envParam) ? (envParam as Environment) : undefined;
  const label = typeof sp.label === 'string' && sp.label.trim() ? sp.label.trim().slice(0, 200) : undefined;
  const filtered = Boolean(environment || label);
  const db = await getDb();
  const overview = await getFleetOverview(db, { environment, label }, scope);
  // Filtered by environment or label (or for a team member), the list ranks the workloads of the clusters shown only, and a team member's own workloads.
  const fixFirst = await getFixFirst(db, { limit: 5, ...(filtered || teams ? { clusterIds: overview.clusters.map((c) => c.id) } : {}), access: scope });
  // The SLA figure and, once teams exist, the same numbers per owning team (one query; a team member's part only).
  const slaNumbers = await getSlaNumbers(db, { clusterIds: overview.clusters.map((c) => c.id), access: scope, teams: { closedSince: new Date(Date.now() - TEAM_SLA_WINDOW_DAYS * 86_400_000), onlyWithTeams: true } });
  const sla = slaNumbers.fleet;
  // Recorded daily over the fleet: shown unfiltered, for a team member their own teams only.
  const slaTrends = slaNumbers.teams.length && !filtered ? await getTeamSlaTrends(db, slaNumbers.teams, { from: new Date(Date.now() - TEAM_SLA_WINDOW_DAYS * 86_400_000), to: new Date() }, scope) : undefined;
  const partly = overview.clusters.some((c) => c.part);
  const { totals } = overview;
  const canRegister = hasRole(user.role, 'admin');

  return (
    <>
      <AutoRefresh seconds={30} />
      <PageHeader
        title="Overview"
        description={
          teams
            ? `The clusters of your teams (${teams.map((t) => t.name).join(', ') || 'none yet'}), whether Rampart can reach them, and how their last scan scored.${partly ? ' Where your teams own only some namespaces of a cluster, every number is those namespaces’ own, and the score is their results scored together (as a namespace scorecard scores one).' : ''}`
            : 'Every registered cluster, whether Rampart can reach it, and how its last scan scored against the hardening guide.'
        }
        actions={
          <ButtonLink href="/clusters" variant="secondary" icon={<Server className="size-4" aria-hidden="true" />}>
            Manage clusters
          </ButtonLink>
        }
      />

      <form method="get" aria-label="Filter clusters" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <Label htmlFor="ov-env" className="text-xs text-muted">
            Environment
          </Label>
          <Select id="ov-env" name="env" className="mt-1 w-48" defaultValue={environment ?? ''} placeholder="All environments" options={ENVIRONMENTS.map((e) => ({ value: e, label: e[0].toUpperCase() + e.slice(1) }))} />
        </div>
        <div>
          <Label htmlFor="ov-label" className="text-xs text-muted">
            Label
          </Label>
          <Input id="ov-label" name="label" className="mt-1 w-48" defaultValue={label ?? ''} placeholder="team=payments" />
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered ? (
          <ButtonLink href="/" variant="ghost">
            Clear filters
          </ButtonLink>
        ) : null}
      </form>

      {totals.clusters === 0 && filtered ? (
        <EmptyState icon={<Server className="size-5" />} title="No cluster matches these filters" description="Pick another environment or label, or clear the filters to see the whole fleet." action={<ButtonLink href="/" variant="secondary">Clear filters</ButtonLink>} />
      ) : totals.clusters === 0 ? (
        <EmptyState
          icon={<Server className="size-5" />}
          title="No clusters registered"
          description={
            canRegister
              ? 'Register a cluster with a kubeconfig or a service-account token. Rampart tests the connection, then scans it on its schedule.'
              : 'An administrator has not registered any cluster yet. Once they do, its connection status and posture appear here.'
          }
          action={canRegister ? <ButtonLink href="/clusters">Register a cluster</ButtonLink> : undefined}
        />
      ) : (
        <div className="space-y-6">
          <section aria-label="Fleet summary" className="grid grid-cols-2 gap-4 md:grid-cols-3">
            <Stat label="Clusters" value={totals.clusters} hint={totals.disabled ? `${totals.disabled} disabled` : 'registered'} />
            <Stat
              label="Reachable"
              value={`${totals.connected}\u2009/\u2009${totals.clusters - totals.disabled}`}
              hint={totals.unreachable ? `${totals.unreachable} unreachable` : totals.untested ? `${totals.untested} not tested yet` : 'all connections healthy'}
              tone={totals.unreachable ? 'danger' : totals.connected ? 'success' : 'default'}
            />
            <Stat
              label="Average score"
              value={totals.averageScore ?? '—'}
              hint={totals.scanned ? `latest scan of ${totals.scanned} cluster${totals.scanned === 1 ? '' : 's'}${partly ? ' (your namespaces where you own part)' : ''}` : 'no completed scan yet'}
            />
            <Stat
              label="Open critical / high"
              value={`${totals.openFindings.critical}\u2009/\u2009${totals.openFindings.high}`}
              hint={teams ? 'findings of your teams' : 'findings across all clusters'}
              tone={totals.openFindings.critical ? 'danger' : totals.openFindings.high ? 'warning' : 'default'}
            />
            <Stat
              label="SLA compliance"
              value={<span data-testid="sla-compliance">{sla.compliance === null ? '—' : `${Math.floor(sla.compliance * 100)}%`}</span>}
              hint={
                <>
                  <span data-testid="sla-overdue">{sla.overdueTotal}</span> overdue · {sla.dueSoonTotal} due within a week
                </>
              }
              tone={sla.overdueTotal ? 'danger' : sla.dueSoonTotal ? 'warning' : 'default'}
            />
            <Stat
              label="Worse than last week"
              value={overview.clusters.filter((c) => (c.weekDelta ?? 0) < 0).length}
              hint="clusters whose score dropped; listed first"
              tone={overview.clusters.some((c) => (c.weekDelta ?? 0) < 0) ? 'warning' : 'default'}
            />
          </section>

          {slaNumbers.teams.length ? <TeamSlaTable teams={slaNumbers.teams} windowDays={TEAM_SLA_WINDOW_DAYS} trends={slaTrends} /> : null}

          <section aria-labelledby="fix-first-heading">
            <FixFirstList
              rows={fixFirst}
              showCluster
              description={
                teams
                  ? 'The workloads of your teams an attacker would pick first: exposure, privilege, ServiceAccount power and fixable critical CVEs; each reason adds the points shown.'
                  : filtered
                    ? 'The workloads an attacker would pick first in the clusters shown: exposure, privilege, ServiceAccount power and fixable critical CVEs; each reason adds the points shown.'
                    : undefined
              }
            />
          </section>

          <section aria-labelledby="clusters-heading" className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="clusters-heading" className="text-sm font-semibold">
                Clusters
              </h2>
              <p className="text-xs text-muted">Connection status comes from the last connection test or scan. Refreshes every 30 seconds.</p>
            </div>
            <Table className="[&_td]:px-3! [&_th]:px-3!">
              <TableCaption>Registered clusters with connection status, last scan and score</TableCaption>
              <THead>
                <tr>
                  <TH>Cluster</TH>
                  <TH>Connection</TH>
                  <TH>Last scan</TH>
                  <TH>Score</TH>
                  <TH>Sections</TH>
                  <TH>Open findings</TH>
                </tr>
              </THead>
              <TBody>
                {overview.clusters.map((c) => (
                  <TR key={c.id}>
                    <TD>
                      <Link
                        href={`/clusters/${c.id}`}
                        className="font-medium text-foreground hover:text-accent hover:underline"
                        title={c.apiServerUrl ?? undefined}
                      >
                        {c.name}
                      </Link>
                      <div className="mt-0.5 flex items-center gap-1.5 text-xs text-muted">
                        <span className="capitalize">{c.environment}</span>
                        {c.serverVersion ? (
                          <>
                            <span aria-hidden="true">·</span>
                            <span className="font-mono">{c.serverVersion}</span>
                          </>
                        ) : null}
                      </div>
                    </TD>
                    <TD>
                      <ConnectionCell cluster={c} />
                    </TD>
                    <TD className="whitespace-nowrap">
                      {c.latestScan ? (
                        <div>
                          <Badge tone={SCAN_TONE[c.latestScan.status] ?? 'neutral'} dot>
                            {c.latestScan.status === 'running' ? <Activity className="size-3 animate-pulse" aria-hidden="true" /> : null}
                            {c.latestScan.status}
                          </Badge>
                          <p className="mt-1 text-xs text-muted">
                            <RelativeTime date={c.latestScan.at} />
                          </p>
                        </div>
                      ) : (
                        <span className="text-xs text-muted">Never scanned</span>
                      )}
                    </TD>
                    <TD className="whitespace-nowrap">
                      {c.latestScore ? (
                        <div className="flex items-center gap-2">
                          {isGrade(c.latestScore.grade) ? <GradeBadge grade={c.latestScore.grade} size="sm" /> : null}
                          <span className="font-semibold tabular-nums">{c.latestScore.score}</span>
                          <span className="text-xs text-muted">/ 100</span>
                        </div>
                      ) : (
                        <span className="text-muted">—</span>
                      )}
                      {c.part ? <PartNote namespaces={c.part.namespaces} /> : null}
                      {c.latestScore ? (
                        <div className="mt-1 flex flex-col gap-1">
                          <ScoreDelta delta={c.weekDelta} since="last week" empty="no score from a week ago to compare with" />
                          <Sparkline points={c.history} label={`Score trend of ${c.name} over 30 days`} width={120} height={22} />
                        </div>
                      ) : null}
                    </TD>
                    <TD>
                      <SectionScores scores={c.sectionScores} clusterId={c.id} />
                    </TD>
                    <TD>
                      <OpenFindings counts={c.openFindings} clusterId={c.id} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </section>
        </div>
      )}
    </>
  );
}
