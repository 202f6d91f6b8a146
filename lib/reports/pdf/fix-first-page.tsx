/**
 * The report's "fix first" page, right after the cover: the highest-ranked workloads of the latest
 * scans in scope with their score, reasons and, where there is one, the attack path and the
 * smallest fix that cuts it (docs/RISK.md). Omitted when no workload is ranked.
 */
import React from 'react';
import { Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import type { ReportViewModel } from '../view-model';
import { Anchor, Chrome } from './parts';
import { pdfSafe } from './text';

const s = StyleSheet.create({
  page: { paddingTop: 54, paddingBottom: 50, paddingHorizontal: 40, fontFamily: 'Helvetica', fontSize: 9.5, color: '#111827' },
  h1: { fontFamily: 'Helvetica-Bold', fontSize: 18, marginBottom: 6 },
  intro: { fontSize: 8.5, color: '#6b7280', marginBottom: 10 },
  item: { marginBottom: 9, borderBottomWidth: 0.25, borderBottomColor: '#e5e7eb', paddingBottom: 6 },
  title: { fontFamily: 'Helvetica-Bold', fontSize: 10 },
  score: { fontFamily: 'Helvetica-Bold', fontSize: 10, color: '#b91c1c', width: 40, textAlign: 'right' },
  reason: { fontSize: 8, color: '#374151', marginTop: 1 },
  path: { fontSize: 8, marginTop: 3, color: '#111827' },
  cut: { fontSize: 8, marginTop: 1, color: '#15803d' },
});

export function FixFirstPage({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  const items = vm.fixFirst ?? [];
  if (items.length === 0) return null;
  const many = vm.clusters.length > 1;
  return (
    <Page size="A4" style={s.page} wrap>
      <Chrome vm={vm} />
      <Anchor id="fix-first" pages={pages} style={s.h1}>
        Fix first
      </Anchor>
      <Text style={s.intro}>
        The workloads an attacker would pick first in the latest scan{many ? 's' : ''}: each reason adds its points (exposure, privilege, ServiceAccount power, critical CVEs with a fix), the score is their sum, at most 100. Where a full attack path exists, the smallest fix that cuts it comes first.
      </Text>
      {items.map((item, i) => (
        <View key={i} style={s.item} wrap={false}>
          <View style={{ flexDirection: 'row' }}>
            <Text style={[s.title, { flex: 1 }]}>
              {i + 1}. {pdfSafe(resourceLabel(item.resource))}
              {many ? pdfSafe(` (${item.clusterName})`) : ''}
            </Text>
            <Text style={s.score}>{item.score}</Text>
          </View>
          {item.reasons.slice(0, 5).map((r, j) => (
            <Text key={j} style={s.reason}>
              +{r.points} {pdfSafe(r.reason)}
            </Text>
          ))}
          {item.path ? (
            <>
              <Text style={s.path}>Attack path: {pdfSafe(item.path.hops.join(' -> '))}</Text>
              <Text style={s.cut}>Smallest fix: {pdfSafe(item.path.cut)}</Text>
            </>
          ) : null}
        </View>
      ))}
    </Page>
  );
}
