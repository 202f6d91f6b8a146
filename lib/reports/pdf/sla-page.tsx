/**
 * The report's "Remediation SLAs" page, after the executive summary: the instance policy and, per
 * owning team in scope, its days, tracked, overdue and due-soon findings, compliance, and how many
 * of the findings resolved in the period were resolved by their due date (./../sla-section.ts);
 * for a report of the whole fleet, each team's compliance as recorded day by day over the period.
 * Omitted when nothing in scope has an SLA.
 */
import React from 'react';
import { Page, Polyline, Svg, Text, View } from '@react-pdf/renderer';
import type { ReportSlaTrendPoint } from '../sla-section';
import { SLA_SEVERITIES, type SlaPolicy } from '@/lib/sla/policy';
import type { ReportViewModel } from '../view-model';
import { Anchor, Chrome, s } from './parts';
import { pdfSafe } from './text';

const pct = (r: number | null) => (r === null ? '-' : `${Math.floor(r * 100)}%`);
const days = (p: SlaPolicy) => SLA_SEVERITIES.map((x) => p[x]).join('/');

const WIDE = { team: '26%', days: '14%', tracked: '9%', overdue: '9%', soon: '9%', compliance: '12%', closed: '21%', trend: '0%' } as const;
const WITH_TREND = { team: '20%', days: '12%', tracked: '8%', overdue: '8%', soon: '8%', compliance: '10%', closed: '15%', trend: '19%' } as const;

/** Recorded compliance over the period: first and last value and a small line (0–100 %). */
function Trend({ points }: { points: ReportSlaTrendPoint[] }) {
  const known = points.filter((p): p is { day: string; compliance: number } => p.compliance !== null);
  if (!known.length) return <Text style={s.muted}>not recorded</Text>;
  const w = 34;
  const h = 10;
  const x = (i: number) => (known.length > 1 ? (i / (known.length - 1)) * w : w / 2);
  const y = (v: number) => h - v * h;
  return (
    <View style={s.row}>
      <Text>
        {pct(known[0]!.compliance)} {'->'} {pct(known.at(-1)!.compliance)}
      </Text>
      <Svg width={w} height={h + 1} viewBox={`0 -0.5 ${w} ${h + 1}`} style={{ marginLeft: 4 }}>
        <Polyline points={known.map((p, i) => `${x(i)},${y(p.compliance)}`).join(' ')} stroke="#1d4ed8" strokeWidth={0.9} fill="none" />
      </Svg>
    </View>
  );
}

export function hasSlaPage(vm: ReportViewModel): boolean {
  return Boolean(vm.sla && vm.sla.total.tracked + vm.sla.total.closed > 0);
}

export function SlaPage({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  const sla = vm.sla;
  if (!sla || !hasSlaPage(vm)) return null;
  const { total, trends } = sla;
  const COLS = trends ? WITH_TREND : WIDE;
  return (
    <Page size="A4" style={s.page} wrap>
      <Chrome vm={vm} />
      <Anchor id="sla" pages={pages} style={s.h1}>
        Remediation SLAs
      </Anchor>
      <Text style={{ marginBottom: 4 }}>
        {total.tracked} open finding{total.tracked === 1 ? '' : 's'} in scope have a due date; {total.overdue} {total.overdue === 1 ? 'is' : 'are'} overdue and {total.dueSoon} due within a week (SLA compliance {pct(total.compliance)}). Of the {total.closed} resolved in the last {vm.period.days} days,{' '}
        {total.closedOnTime} {total.closedOnTime === 1 ? 'was' : 'were'} resolved by their due date.
      </Text>
      <Text style={[s.small, s.muted, { marginBottom: 8 }]}>
        A finding is due its severity&apos;s days after it was first seen: the days of the team that owns it (most specific scope wins), else the instance policy ({days(sla.policy)} days for critical/high/medium/low; info has none). Tracked: open, not covered by an accepted risk. Compliance = tracked findings not
        overdue / tracked findings. On time = findings resolved in the period at or before their due date / findings resolved in the period. Team ownership and days are today&apos;s
        {trends
          ? `; the trend is the compliance recorded once a day over the period (what was true then), first and last day${vm.teams ? ", of the report's own teams only" : ''}.`
          : '.'}
      </Text>
      <View style={s.tableHead}>
        <Text style={{ width: COLS.team }}>Team</Text>
        <Text style={{ width: COLS.days }}>Days (c/h/m/l)</Text>
        <Text style={{ width: COLS.tracked }}>Tracked</Text>
        <Text style={{ width: COLS.overdue }}>Overdue</Text>
        <Text style={{ width: COLS.soon }}>Due soon</Text>
        <Text style={{ width: COLS.compliance }}>Compliance</Text>
        <Text style={{ width: COLS.closed }}>On time ({vm.period.days} d)</Text>
        {trends ? <Text style={{ width: COLS.trend }}>Recorded trend</Text> : null}
      </View>
      {sla.teams.map((t) => (
        <View key={t.teamId ?? 'unowned'} style={s.tableRow} wrap={false}>
          <Text style={[{ width: COLS.team }, t.teamId ? {} : s.muted]}>{pdfSafe(t.teamName)}</Text>
          <Text style={{ width: COLS.days }}>{days(t.policy)}</Text>
          <Text style={{ width: COLS.tracked }}>{t.tracked}</Text>
          <Text style={{ width: COLS.overdue, color: t.overdueTotal ? '#b91c1c' : '#111827' }}>{t.overdueTotal}</Text>
          <Text style={{ width: COLS.soon }}>{t.dueSoonTotal}</Text>
          <Text style={{ width: COLS.compliance, fontFamily: 'Helvetica-Bold' }}>{pct(t.compliance)}</Text>
          <Text style={{ width: COLS.closed }}>{t.closed ? `${t.closedOnTime} of ${t.closed} (${pct(t.closedOnTimeRatio)})` : '-'}</Text>
          {trends ? (
            <View style={{ width: COLS.trend }}>
              {trends[t.teamId ?? ''] ? <Trend points={trends[t.teamId ?? '']!} /> : <Text style={s.muted}>-</Text>}
            </View>
          ) : null}
        </View>
      ))}
    </Page>
  );
}
