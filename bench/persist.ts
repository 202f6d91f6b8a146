/**
 * Persisting a scan at scale (lib/scans/persist.ts): a 50k-object cluster's evaluation with
 * 100k failing results (plus passes) into a fresh PostgreSQL database, then the same scan
 * again with nothing changed, then with 1 % changed. Targets: first persist < 10 s, an
 * unchanged re-scan < 3 s.
 */
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { createTestDatabase } from '../lib/db/test-utils';
import type { EvaluatedResult } from '../lib/evaluation/evaluate';
import { persistScan } from '../lib/scans/persist';
import { SECTION_IDS, type Severity } from '../lib/checks/types';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

/** `failing` failing and `passing` passing results over `resources` workloads, deterministic. */
export function syntheticResults(failing: number, passing: number, variant = 0): EvaluatedResult[] {
  const out: EvaluatedResult[] = [];
  for (let i = 0; i < failing + passing; i++) {
    const fail = i < failing;
    const checkId = `check-${i % 60}`;
    const section = SECTION_IDS[i % SECTION_IDS.length];
    const name = `app-${Math.floor(i / 60)}`;
    // `variant` flips which results fail for a slice of them: a changed cluster.
    const flipped = variant > 0 && i % 100 < variant;
    out.push({
      status: fail !== flipped ? 'fail' : 'pass',
      checkId,
      section,
      severity: SEVERITIES[i % SEVERITIES.length],
      title: `Check ${checkId}`,
      guideRef: '5.5',
      remediation: { steps: ['Fix it.'] },
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `team-${i % 100}`, name },
      message: `Deployment team-${i % 100}/${name} fails ${checkId}.`,
      path: 'spec.template.spec.containers[0].securityContext',
      detail: 'app',
      fingerprint: createHash('sha256').update(`${checkId}/${name}/${i}`).digest('hex'),
    });
  }
  return out;
}

export interface PersistBenchResult {
  failing: number;
  total: number;
  firstMs: number;
  unchangedMs: number;
  changedMs: number;
}

export async function runPersistBenchmark(failing = 100_000, passing = 170_000): Promise<PersistBenchResult> {
  const t = await createTestDatabase();
  try {
    const { db } = t;
    const cluster = await db.cluster.create({ data: { name: 'bench', authType: 'token', apiServerUrl: 'https://bench.invalid' } });
    const once = async (results: EvaluatedResult[]) => {
      const scan = await db.scan.create({ data: { clusterId: cluster.id, trigger: 'schedule', status: 'running' } });
      const start = performance.now();
      await persistScan(db, {
        clusterId: cluster.id, scanId: scan.id, startedAt: new Date(), finishedAt: new Date(),
        objectCounts: { pods: 30_000 }, coverageGaps: [], results, engineErrors: [], exceptions: [],
      });
      return Math.round(performance.now() - start);
    };
    const firstMs = await once(syntheticResults(failing, passing));
    const unchangedMs = await once(syntheticResults(failing, passing));
    const changedMs = await once(syntheticResults(failing, passing, 1));
    const open = await db.finding.count({ where: { clusterId: cluster.id, status: 'open' } });
    if (open === 0) throw new Error('benchmark sanity: no open findings');
    return { failing, total: failing + passing, firstMs, unchangedMs, changedMs };
  } finally {
    await t.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runPersistBenchmark()));
}
