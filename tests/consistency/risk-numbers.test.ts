/**
 * One truth for the numbers the fix-first and vulnerability surfaces show, on real PostgreSQL:
 * the demo estate scanned through the real pipeline, then
 * - each image's critical / high CVE counts on the vulnerability pages equal the counts of the
 *   image-known-vulnerabilities finding of every workload running that image (both read the
 *   report's summary);
 * - each workload's risk score is the same on the fix-first list (overview / cluster page), the
 *   workload's page, the PDF report's fix-first page and the evaluation that produced it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { getFixFirst, getWorkloadRisk } from '@/lib/dashboard/fix-first';
import { getFleetInventory } from '@/lib/dashboard/vulnerabilities';
import { reportParamsSchema } from '@/lib/reports/params';
import { buildReportViewModel } from '@/lib/reports/view-model';
import { seedClusterHistory, type SeededHistory } from '../dashboard/seed';

let t: TestDatabase;
let demo: SeededHistory;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedClusterHistory(t.db, { name: 'demo', scans: 1 });
}, 180_000);
afterAll(() => t?.drop());

describe('fix-first and vulnerability numbers', () => {
  it('CVE counts of an image equal those of the image-known-vulnerabilities findings of the workloads running it', async () => {
    const inventory = await getFleetInventory(t.db);
    const findings = await t.db.finding.findMany({ where: { clusterId: demo.clusterId, checkId: 'image-known-vulnerabilities', status: 'open' } });
    expect(findings.length).toBeGreaterThan(0);
    let compared = 0;
    for (const f of findings) {
      const evidence = f.evidence as { criticalCount: number; highCount: number };
      const image = inventory.images.find((i) => i.workloads.some((w) => w.kind === f.resourceKind && w.namespace === f.resourceNamespace && w.name === f.resourceName && w.container === f.detail));
      if (!image) continue;
      expect({ critical: image.counts.critical, high: image.counts.high }, `${f.resourceKind} ${f.resourceNamespace}/${f.resourceName}`).toEqual({ critical: evidence.criticalCount, high: evidence.highCount });
      compared++;
    }
    expect(compared).toBeGreaterThan(1);
  });

  it('a workload\'s risk score is the same on the fix-first list, its page and the PDF report', async () => {
    const list = await getFixFirst(t.db, { clusterId: demo.clusterId, limit: 10 });
    const vm = await buildReportViewModel(t.db, reportParamsSchema.parse({ clusters: [demo.clusterId], days: 30 }));
    expect(vm.fixFirst?.map((r) => [`${r.resource.kind} ${r.resource.namespace}/${r.resource.name}`, r.score])).toEqual(
      list.map((r) => [`${r.resource.kind} ${r.resource.namespace}/${r.resource.name}`, r.score]),
    );
    for (const row of list) {
      expect((await getWorkloadRisk(t.db, row.id))?.score).toBe(row.score);
      expect(row.score).toBe(Math.min(100, row.factors.reduce((s, f) => s + f.points, 0)));
    }
  });
});
