/**
 * Words on the pages are for the people using Rampart: no source or documentation file names in
 * what a page renders, audit details with names and the one time format instead of ids and JSON,
 * and snapshot list keys written as words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditDetailEntries, detailLabel } from '@/components/settings/audit-details';
import { objectListLabel } from '@/components/scans/format';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx$/.test(e.name) ? [p] : [];
  });
}

describe('text on the pages', () => {
  it('names no source or documentation file outside comments', () => {
    const offenders = ['components', 'app'].flatMap(sources).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const code = line.trim();
          if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*') || code.startsWith('{/*')) return [];
          return /['"`>][^'"`<]*\b(docs|lib|components|app)\/[\w./-]+\.(md|ts|tsx)\b/.test(line) ? [`${file}:${i + 1}`] : [];
        }),
    );
    expect(offenders).toEqual([]);
  });

  it('shows audit details with names, one time format and no JSON', () => {
    const entries = auditDetailEntries({
      checkId: 'image-tag-latest',
      clusterId: 'cmxdq0owz0000pe7dx6rdjo7o',
      clusterName: 'demo',
      expiresAt: '2027-01-06T00:00:00.000Z',
      ticketUrl: null,
      events: ['scan.failing', 'scan.new_findings'],
      filters: { team: { id: 'cmxdq3xzi01a2pe7dznyu5d3h', name: 'payments' }, control: null, framework: 'cis-1.10' },
    });
    expect(entries.map((e) => [e.label, e.text])).toEqual([
      ['check id', 'image-tag-latest'],
      ['cluster name', 'demo'],
      ['expires at', '2027-01-06 00:00:00 UTC'],
      ['events', 'scan.failing, scan.new_findings'],
      ['filters', 'team payments; framework cis-1.10'],
    ]);
    expect(auditDetailEntries({ reason: 'x'.repeat(120) })[0]).toMatchObject({ text: `${'x'.repeat(79)}…`, full: 'x'.repeat(120) });
    expect(auditDetailEntries(null)).toEqual([]);
    expect(detailLabel('watchMode')).toBe('watch mode');
  });

  it('writes snapshot list keys as words', () => {
    expect(objectListLabel('clusterRoleBindings')).toBe('Cluster role bindings');
    expect(objectListLabel('pods')).toBe('Pods');
  });
});
