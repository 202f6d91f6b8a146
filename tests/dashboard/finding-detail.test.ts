/** The finding detail query and its YAML helpers, on real PostgreSQL with seeded history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { createExceptions } from '@/lib/exceptions';
import { fillKubectl, getFindingDetail } from '@/lib/dashboard/finding-detail';
import { lineDiff, parseFieldPath, patchDiff, strategicMerge, yamlWithHighlight } from '@/lib/dashboard/yaml-view';
import { seedClusterHistory, type SeededHistory } from './seed';

let t: TestDatabase;
let h: SeededHistory;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await seedClusterHistory(t.db, { name: 'prod', scans: 6, days: 30 });
}, 120_000);
afterAll(() => t?.drop());

describe('getFindingDetail', () => {
  it('joins the check, the manifest, the lifecycle and related findings', async () => {
    // php-admin was fixed at scan 2 and broke again at scan 4: opened, resolved, reopened.
    const row = await t.db.finding.findFirstOrThrow({ where: { clusterId: h.clusterId, resourceName: 'php-admin', reopenCount: 1, path: { not: null }, manifestHash: { not: null } } });
    const d = await getFindingDetail(t.db, row.id);
    expect(d).not.toBeNull();
    expect(d!.check?.rationale).toBeTruthy();
    expect(d!.status).toBe('open');
    expect(d!.events.map((e) => [e.type, e.scanId])).toEqual([
      ['opened', h.scans[0].id],
      ['resolved', h.scans[2].id],
      ['reopened', h.scans[4].id],
    ]);
    expect(d!.reopenCount).toBe(1);
    expect(d!.manifest).toMatchObject({ kind: 'Deployment', metadata: { name: 'php-admin', namespace: 'legacy' } });
    expect(d!.frameworks).toBeTypeOf('object');
    expect(d!.related.every((r) => r.resource.name !== 'php-admin' || r.id !== row.id)).toBe(true);
    expect(d!.relatedTotal).toBeGreaterThanOrEqual(d!.related.length);

    const view = yamlWithHighlight(d!.manifest, d!.path);
    expect(view.highlight).not.toBeNull();
    if (view.exact) {
      const leaf = d!.path!.split('.').at(-1)!.replace(/\[\d+\]$/, '');
      expect(view.lines[view.highlight!.from - 1]).toContain(leaf);
    }
  });

  it('reports an exception covering the finding', async () => {
    const row = await t.db.finding.findFirstOrThrow({ where: { clusterId: h.clusterId, status: 'open' } });
    await createExceptions(t.db, { findingIds: [row.id], reason: 'Vendor appliance, replaced in Q1', expiresAt: new Date(Date.now() + 30 * 86_400_000) }, { actor: null });
    const d = await getFindingDetail(t.db, row.id);
    expect(d!.status).toBe('excepted');
    expect(d!.exception?.reason).toMatch(/Vendor/);
  });

  it('returns null for an unknown id', async () => {
    expect(await getFindingDetail(t.db, 'nope')).toBeNull();
  });
});

describe('YAML helpers', () => {
  const manifest = { kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }, { name: 'side', image: 'envoy' }] } } } };

  it('parses field paths', () => {
    expect(parseFieldPath('spec.template.spec.containers[1].securityContext["seccompProfile"].type')).toEqual(['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'seccompProfile', 'type']);
  });

  it('highlights the exact field, or its parent when unset', () => {
    const v = yamlWithHighlight(manifest, 'spec.template.spec.containers[0].securityContext.privileged');
    expect(v.exact).toBe(true);
    expect(v.highlight!.from).toBe(v.highlight!.to);
    expect(v.lines[v.highlight!.from - 1].trim()).toBe('privileged: true');
    const unset = yamlWithHighlight(manifest, 'spec.template.spec.containers[1].securityContext.runAsNonRoot');
    expect(unset.exact).toBe(false);
    expect(unset.lines[unset.highlight!.from - 1]).toMatch(/name: side/);
  });

  it('merges a strategic patch by container name and diffs it', () => {
    const merged = strategicMerge(manifest, { spec: { template: { spec: { containers: [{ name: 'app', securityContext: { privileged: false } }] } } } }) as typeof manifest;
    expect(merged.spec.template.spec.containers).toHaveLength(2);
    expect(merged.spec.template.spec.containers[0]).toMatchObject({ image: 'nginx', securityContext: { privileged: false } });
    const diff = patchDiff(manifest, { type: 'strategic-merge', body: 'spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            privileged: false\n' })!;
    expect(diff.filter((l) => l.kind === 'remove').map((l) => l.text.trim())).toEqual(['privileged: true']);
    expect(diff.filter((l) => l.kind === 'add').map((l) => l.text.trim())).toEqual(['privileged: false']);
    expect(lineDiff('a\nb\nc', 'a\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'remove', text: 'b' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('fills kubectl placeholders', () => {
    const cmd = fillKubectl('kubectl -n <namespace> patch <kind> <name> -p \'{"name":"<container>"}\'', { resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, detail: 'app', evidence: null });
    expect(cmd).toBe('kubectl -n shop patch deployment web -p \'{"name":"app"}\'');
  });
});
