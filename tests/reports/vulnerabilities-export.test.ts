/**
 * The vulnerabilities exports through their route handler: the demo estate (with Trivy Operator
 * reports) scanned through the real pipeline, the image inventory and the CVE list as CSV and JSON
 * with the pages' filters, the same rows the read model gives, bad input refused with 400, each
 * download audited with the real actor.
 */
import { describe, expect, it } from 'vitest';
import { getFleetInventory, listFleetCves } from '@/lib/dashboard/vulnerabilities';
import * as route from '@/app/api/exports/vulnerabilities/route';
import { callRoute, useReportHarness } from './harness';

const h = useReportHarness();
const get = (query: string) => callRoute(h, route.GET, `/api/exports/vulnerabilities${query}`);

/** Minimal CSV reader for the test (quoted fields with "" escapes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') {
      field = field.replace(/\r$/, '');
      endField();
      rows.push(row);
      row = [];
    } else field += ch;
  }
  return rows;
}

describe('vulnerabilities exports', () => {
  it('images as CSV: one row per image of the inventory, with counts, fixes, workloads and clusters', async () => {
    const r = await get('?kind=images&format=csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="rampart-images-fleet-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = parseCsv(r.buf.toString('utf8'));
    expect(header).toEqual(['image', 'critical', 'high', 'medium', 'low', 'unknown', 'with_fix', 'workloads', 'clusters']);
    const inventory = await getFleetInventory(h.t.db);
    expect(inventory.images.length).toBeGreaterThan(1);
    expect(rows.map((x) => x[0])).toEqual(inventory.images.map((i) => i.image));
    const dashboard = rows.find((x) => x[0] === 'docker.io/kubernetesui/dashboard:v2.7.0')!;
    const c = inventory.images.find((i) => i.image === dashboard[0])!.counts;
    expect(c).toMatchObject({ critical: 1, high: 4, medium: 3 });
    expect(dashboard.slice(1)).toEqual([c.critical, c.high, c.medium, c.low, c.info].map(String).concat(['2', '1', 'demo']));
  });

  it('CVEs as JSON with filters: severity, fix available, search and one cluster', async () => {
    const all = await get('?kind=cves&format=json');
    expect(all.status).toBe(200);
    const body = all.json();
    expect(body.kind).toBe('cves');
    expect(body.count).toBe((await listFleetCves(h.t.db)).length);
    expect(body.rows.find((x: { cve: string }) => x.cve === 'CVE-2024-24790')).toMatchObject({
      severity: 'critical',
      package: 'stdlib',
      installed_version: 'v1.19.2',
      fixed_version: '1.21.11, 1.22.4',
      image: 'docker.io/kubernetesui/dashboard:v2.7.0',
      workloads: 1,
      clusters: 'demo',
      link: 'https://avd.aquasec.com/nvd/cve-2024-24790',
    });

    const critical = (await get('?kind=cves&format=json&severity=critical')).json().rows as Array<{ severity: string }>;
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.length).toBeLessThan(body.count);
    expect(new Set(critical.map((x) => x.severity))).toEqual(new Set(['critical']));
    const fixable = (await get('?kind=cves&format=json&fixable=1')).json().rows as Array<{ fixed_version: string }>;
    expect(fixable.every((x) => x.fixed_version !== '')).toBe(true);
    expect(fixable.length).toBeLessThan(body.count);
    expect(((await get('?kind=cves&format=json&q=cve-2023-44487')).json().rows as Array<{ cve: string }>).map((x) => x.cve)).toEqual(['CVE-2023-44487']);
    expect((await get(`?kind=cves&format=json&cluster=${h.demo.clusterId}`)).json().count).toBe(body.count);
    expect((await get('?kind=images&format=csv&q=no-such-image')).buf.toString('utf8')).toBe('image,critical,high,medium,low,unknown,with_fix,workloads,clusters\r\n');
  });

  it('refuses bad input with 400 and a message, an unknown cluster with 404', async () => {
    for (const [q, message] of [
      ['?kind=packages', /kind must be images or cves/],
      ['?format=xml', /format must be csv or json/],
      ['?severity=critical,urgent', /Unknown severity "urgent"/],
      ['?cluster=../etc', /Not a cluster id/],
      ['?unknown=1', /unknown/i],
    ] as const) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(r.json().error, q).toMatch(message);
    }
    expect((await get('?cluster=nope')).status).toBe(404);
  });

  it('audits every download with the actor, kind, format, filters and row count', async () => {
    await get('?kind=cves&format=csv&severity=high');
    const audit = await h.t.db.auditEvent.findFirst({ where: { action: 'export.downloaded', targetType: 'vulnerabilities' }, orderBy: { at: 'desc' } });
    expect(audit?.actorEmail).toBe('analyst@example.com');
    expect(audit?.details).toMatchObject({ kind: 'cves', format: 'csv', filters: { severity: ['high'] } });
    expect((audit?.details as { count: number }).count).toBe((await listFleetCves(h.t.db, { severity: ['high'] })).length);
  });
});
