/**
 * The report's "Remediation SLAs" page, after the executive summary: the instance policy and, per
 * owning team in scope, its days, tracked, overdue and due-soon findings, compliance, and how many
 * of the findings resolved in the period were resolved by their due date (./../sla-section.ts).
 * Omitted when nothing in scope has an SLA.
 */
import React from 'react';
import { Page, Text, View } from '@react-pdf/renderer';
import { SLA_SEVERITIES, type SlaPolicy } from '@/lib/sla/policy';
import type { ReportViewModel } from '../view-model';
import { Anchor, Chrome, s } from './parts';
import { pdfSafe } from './text';

const pct = (r: number | null) => (r === null ? '-' : `${Math.floor(r * 100)}%`);
const days = (p: SlaPolicy) => SLA_SEVERITIES.map((x) => p[x]).join('/');

const COLS = { team: '26%', days: '14%', tracked: '9%', overdue: '9%', soon: '9%', compliance: '12%', closed: '21%' } as const;

export function hasSlaPage(vm: ReportViewModel): boolean {
  return Boolean(vm.sla && vm.sla.total.tracked + vm.sla.total.closed > 0);
}

export function SlaPage({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  const sla = vm.sla;
  if (!sla || !hasSlaPage(vm)) return null;
  const { total } = sla;
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
        overdue / tracked findings. On time = findings resolved in the period at or before their due date / findings resolved in the period. Team ownership and days are today&apos;s.
      </Text>
      <View style={s.tableHead}>
        <Text style={{ width: COLS.team }}>Team</Text>
        <Text style={{ width: COLS.days }}>Days (c/h/m/l)</Text>
        <Text style={{ width: COLS.tracked }}>Tracked</Text>
        <Text style={{ width: COLS.overdue }}>Overdue</Text>
        <Text style={{ width: COLS.soon }}>Due soon</Text>
        <Text style={{ width: COLS.compliance }}>Compliance</Text>
        <Text style={{ width: COLS.closed }}>Resolved on time ({vm.period.days} d)</Text>
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
        </View>
      ))}
    </Page>
  );
}
