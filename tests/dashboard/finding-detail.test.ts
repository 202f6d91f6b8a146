/** The finding detail query and its YAML helpers, on real PostgreSQL with seeded history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { acceptRisk } from '@/lib/exceptions/test-utils';
import { fixDocument, getFindingDetail } from '@/lib/dashboard/finding-detail';
import { fillPatch, fillStep } from '@/lib/remediation/fill';
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
    await acceptRisk(t.db, { findingIds: [row.id], reason: 'Vendor appliance, replaced in Q1', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    const d = await getFindingDetail(t.db, row.id);
    expect(d!.status).toBe('excepted');
    expect(d!.exception?.reason).toMatch(/Vendor/);
  });

  it('shows a kubelet finding against the kubelet configuration Rampart read, not the Node object', async () => {
    const row = await t.db.finding.findFirstOrThrow({ where: { clusterId: h.clusterId, checkId: 'kubelet-anonymous-auth', status: 'open' } });
    const d = await getFindingDetail(t.db, row.id);
    expect(d!.resource).toMatchObject({ kind: 'Node', name: row.resourceName });
    expect(d!.manifest).toMatchObject({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', authentication: { anonymous: { enabled: true } } });
    const view = yamlWithHighlight(d!.manifest, d!.path);
    expect(view.exact).toBe(true);
    expect(view.lines[view.highlight!.from - 1].trim()).toBe('enabled: true');
    // The fix is a KubeletConfiguration fragment: merged into that document it changes only the field.
    const patch = { type: 'strategic-merge', body: fillPatch(d!.check!.remediation.patch!, d!) };
    const diff = patchDiff(d!.manifest, patch)!;
    expect(diff.filter((l) => l.kind === 'remove').map((l) => l.text.trim())).toEqual(['enabled: true']);
    expect(diff.filter((l) => l.kind === 'add').map((l) => l.text.trim())).toEqual(['enabled: false']);
    expect(diff.map((l) => l.text).join('\n')).not.toMatch(/kind: Node/);
    // The page shows that document and the roll-out steps for this node.
    expect(fixDocument(d!)).toEqual({ kubeletConfig: true, manifest: d!.manifest });
    expect(d!.check!.remediation.steps.map((s) => fillStep(s, d!)).join(' ')).toContain(`/api/v1/nodes/${row.resourceName}/proxy/configz`);
    // A finding stored before kubelet configurations were kept has the Node: that is not what the fix changes.
    expect(fixDocument({ check: d!.check, manifest: { apiVersion: 'v1', kind: 'Node', metadata: { name: row.resourceName } } }).manifest).toBeNull();
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
});
