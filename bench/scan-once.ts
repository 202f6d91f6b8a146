/**
 * One benchmark scan in its own process, so its peak RSS is its own: collect from the API
 * server in the kubeconfig, evaluate every check, score. Prints one JSON line of timings.
 * Usage: tsx bench/scan-once.ts <kubeconfig>
 */
import { KubeConfig } from '@kubernetes/client-node';
import { collectClusterSnapshot } from '../lib/k8s/collect';
import { evaluateSnapshot, scorableResults } from '../lib/evaluation/evaluate';
import { scoreResults } from '../lib/scoring';

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const kc = new KubeConfig();
kc.loadFromFile(process.argv[2]);

const t0 = performance.now();
const snapshot = await collectClusterSnapshot(kc, { pageSize: 500 });
const t1 = performance.now();
const collectRss = rssMb();
const evaluation = evaluateSnapshot(snapshot);
const t2 = performance.now();
const evaluateRss = rssMb();
const score = scoreResults(scorableResults(evaluation));
const t3 = performance.now();

const objects = Object.values(snapshot.objects).reduce((n, list) => n + list.length, 0);
console.log(
  JSON.stringify({
    objects,
    results: evaluation.results.length + evaluation.passes.reduce((n, p) => n + p.count, 0),
    failed: evaluation.results.filter((r) => r.status === 'fail').length,
    grade: score.overall.grade,
    collectMs: Math.round(t1 - t0),
    evaluateMs: Math.round(t2 - t1),
    scoreMs: Math.round(t3 - t2),
    collectRssMb: collectRss,
    evaluateRssMb: evaluateRss,
    peakRssMb: rssMb(),
    gaps: snapshot.coverage.gaps.length,
  }),
);
