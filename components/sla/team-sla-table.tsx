import { Sparkline } from '@/components/charts/sparkline';
import { Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { SLA_SEVERITIES } from '@/lib/sla/policy';
import type { TeamSlaRow } from '@/lib/sla/compliance';
import type { TeamSlaTrendPoint } from '@/lib/sla/history';

const pct = (r: number | null) => (r === null ? '—' : `${Math.floor(r * 100)}%`);

/**
 * Remediation SLA compliance per owning team (lib/sla/team-compliance.ts): what each team tracks,
 * how much of it is overdue, and how many of the findings it resolved in the window were on time;
 * with `trends` (recorded daily, lib/sla/history.ts getTeamSlaTrends) its compliance over those days,
 * for the teams whose record the reader may follow.
 */
export function TeamSlaTable({ teams, windowDays, trends }: { teams: TeamSlaRow[]; windowDays: number; trends?: ReadonlyMap<string, TeamSlaTrendPoint[]> }) {
  return (
    <section aria-labelledby="team-sla-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="team-sla-heading" className="text-sm font-semibold">
          SLA compliance by team
        </h2>
        <p className="max-w-3xl text-xs text-muted">
          Each finding counts for the team that owns it, with that team&apos;s days. Compliance = open findings with a due date that are not overdue / open findings with a due date (accepted risks excluded). On time = findings resolved in the last {windowDays} days by their due date / findings resolved then.
        </p>
      </div>
      <Table className="[&_td]:px-3! [&_th]:px-3!">
        <TableCaption>Remediation SLA compliance per owning team</TableCaption>
        <THead>
          <tr>
            <TH>Team</TH>
            <TH title="Days per severity: critical / high / medium / low">Days (c/h/m/l)</TH>
            <TH className="text-right">Tracked</TH>
            <TH className="text-right">Overdue</TH>
            <TH className="text-right">Due soon</TH>
            <TH className="text-right">Compliance</TH>
            <TH className="text-right">On time ({windowDays} d)</TH>
            {trends ? <TH title={`Compliance as recorded each day over the last ${windowDays} days`}>Trend</TH> : null}
          </tr>
        </THead>
        <TBody>
          {teams.map((t) => (
            <TR key={t.teamId ?? 'unowned'} data-testid={`team-sla-${t.teamId ?? 'unowned'}`}>
              <TD className={t.teamId ? 'font-medium' : 'text-muted'}>{t.teamName}</TD>
              <TD className="font-mono text-xs tabular-nums">{SLA_SEVERITIES.map((s) => t.policy[s]).join('/')}</TD>
              <TD className="text-right tabular-nums">{t.tracked}</TD>
              <TD className={`text-right tabular-nums ${t.overdueTotal ? 'font-semibold text-danger' : ''}`} title={SLA_SEVERITIES.map((s) => `${t.overdue[s]} ${s}`).join(', ')}>
                {t.overdueTotal}
              </TD>
              <TD className={`text-right tabular-nums ${t.dueSoonTotal ? 'text-warning' : ''}`}>{t.dueSoonTotal}</TD>
              <TD className="text-right font-semibold tabular-nums">{pct(t.compliance)}</TD>
              <TD className="text-right tabular-nums" title={t.closed ? `${t.closedOnTime} of ${t.closed} resolved by their due date` : 'nothing resolved in the window'}>
                {t.closed ? `${pct(t.closedOnTimeRatio)} (${t.closedOnTime}/${t.closed})` : '—'}
              </TD>
              {trends ? (
                <TD>
                  {trends.has(t.teamId ?? '') ? (
                    <Sparkline
                      points={trends.get(t.teamId ?? '')!.filter((p) => p.compliance !== null).map((p) => ({ at: p.at, score: Math.floor(p.compliance! * 100) }))}
                      label={`SLA compliance of ${t.teamName} over ${windowDays} days`}
                      noun={['recorded day', 'recorded days']}
                      title={`SLA compliance (%) recorded each day, last ${windowDays} days`}
                      width={110}
                      height={22}
                    />
                  ) : (
                    <span className="text-xs text-muted" title="The record of your own teams only">
                      —
                    </span>
                  )}
                </TD>
              ) : null}
            </TR>
          ))}
        </TBody>
      </Table>
    </section>
  );
}
