import { describe, expect, it } from 'vitest';
import { applyCatalogQuery, parseCatalogQuery, type CatalogRow } from './check-catalog-query';

const row = (id: string, over: Partial<CatalogRow> = {}): CatalogRow => ({
  id,
  title: `Title of ${id}`,
  section: 'workloads',
  severity: 'medium',
  description: `What ${id} looks at.`,
  guideRef: '5.1',
  frameworks: {},
  fleet: null,
  ...over,
});

const CHECKS: CatalogRow[] = [
  row('privileged-container', { title: 'Container runs privileged', severity: 'critical', frameworks: { cis: ['5.2.2'], pss: { level: 'baseline', control: 'Privileged Containers' } }, fleet: { passed: 10, failed: 9, excepted: 0, clustersFailing: 2 } }),
  row('image-tag-latest', { section: 'images', severity: 'medium', frameworks: { nsa: ['Image scanning'] }, fleet: { passed: 3, failed: 40, excepted: 1, clustersFailing: 1 } }),
  row('etcd-tls', { section: 'cluster', severity: 'high', frameworks: { cis: ['2.1'] }, fleet: { passed: 1, failed: 0, excepted: 0, clustersFailing: 0 } }),
  row('rbac-pod-exec', { section: 'authorization', severity: 'high', fleet: null }),
];

describe('check catalog query', () => {
  it('sorts by failures by default: the checks that fail most come first', () => {
    const { query, ignored } = parseCatalogQuery({});
    expect(ignored).toEqual([]);
    expect(applyCatalogQuery(CHECKS, query).map((c) => c.id)).toEqual(['image-tag-latest', 'privileged-container', 'etcd-tls', 'rbac-pod-exec']);
    expect(applyCatalogQuery(CHECKS, { ...query, sort: 'clusters' }).map((c) => c.id)[0]).toBe('privileged-container');
    expect(applyCatalogQuery(CHECKS, { ...query, sort: 'severity' }).map((c) => c.id)).toEqual(['privileged-container', 'etcd-tls', 'rbac-pod-exec', 'image-tag-latest']);
    expect(applyCatalogQuery(CHECKS, { ...query, sort: 'section' }).map((c) => c.id)).toEqual(['etcd-tls', 'rbac-pod-exec', 'image-tag-latest', 'privileged-container']);
  });

  it('searches id, title, description and framework references case-insensitively, every word', () => {
    const search = (q: string) => applyCatalogQuery(CHECKS, parseCatalogQuery({ q }).query).map((c) => c.id);
    expect(search('PRIVILEGED')).toEqual(['privileged-container']);
    expect(search('cis 2.1')).toEqual(['etcd-tls']);
    expect(search('image scanning')).toEqual(['image-tag-latest']);
    expect(search('looks   at rbac')).toEqual(['rbac-pod-exec']);
    expect(search('nothing-matches-this')).toEqual([]);
  });

  it('filters by section, severity, framework and failing somewhere', () => {
    const ids = (p: Record<string, string>) => applyCatalogQuery(CHECKS, parseCatalogQuery(p).query).map((c) => c.id).sort();
    expect(ids({ section: 'cluster' })).toEqual(['etcd-tls']);
    expect(ids({ severity: 'high' })).toEqual(['etcd-tls', 'rbac-pod-exec']);
    expect(ids({ framework: 'cis' })).toEqual(['etcd-tls', 'privileged-container']);
    expect(ids({ framework: 'pss' })).toEqual(['privileged-container']);
    expect(ids({ failing: '1' })).toEqual(['image-tag-latest', 'privileged-container']);
  });

  it('ignores and reports bad values instead of failing', () => {
    const { query, ignored } = parseCatalogQuery({ section: 'nope', severity: 'CRIT', sort: 'random', framework: 'pci', q: 'x'.repeat(500) });
    expect(ignored.sort()).toEqual(['framework', 'q', 'section', 'severity', 'sort']);
    expect(query).toEqual({ q: '', section: undefined, severity: undefined, framework: undefined, failing: false, sort: 'failures' });
  });
});
