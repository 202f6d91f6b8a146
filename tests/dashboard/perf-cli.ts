/**
 * Times the findings browser's queries on a large database (not part of the test suite):
 *
 *   npx tsx bench/seed-big.ts rampart_big 5000000     # once, ~6 minutes
 *   DATABASE_URL=postgresql://…/rampart_big npx tsx --conditions=react-server tests/dashboard/perf-cli.ts
 *
 * Prints the median of 5 runs for typical views and the plan of the default view.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { getCheck } from '@/lib/checks';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { listFindings } from '@/lib/dashboard/findings';
import { groupFindings } from '@/lib/dashboard/findings-groups';
import { parseFindingFilters } from '@/lib/dashboard/findings-filters';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { getClusterTrends } from '@/lib/dashboard/trends';

const title = (id: string) => getCheck(id)?.title;

async function main() {
  const queries: string[] = [];
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }), log: [{ emit: 'event', level: 'query' }] });
  (db as unknown as { $on(e: 'query', cb: (q: { query: string; params: string }) => void): void }).$on('query', (q) => queries.push(`${q.query} -- ${q.params}`));
  console.log('findings:', await db.finding.count());
  const cluster = (await db.cluster.findFirstOrThrow({ where: { name: 'prod-eu-west' } })).id;
  const time = async (label: string, run: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await run();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label.padEnd(60)} median ${ms[2].toFixed(0)} ms`);
  };
  const f = (p: Record<string, string>) => parseFindingFilters(p);
  const page1 = await listFindings(db, f({}), title);
  await time('all clusters, open, by severity (page 1)', () => listFindings(db, f({}), title));
  await time('all clusters, open, by severity (page 2 via cursor)', () => listFindings(db, f({ cursor: page1.nextCursor! }), title));
  await time('one cluster, critical+high, workloads', () => listFindings(db, f({ cluster, severity: 'critical,high', section: 'workloads' }), title));
  await time('one cluster, namespace legacy, Deployment', () => listFindings(db, f({ cluster, namespace: 'legacy', kind: 'Deployment' }), title));
  await time('search: resource name prefix "php-admin-12"', () => listFindings(db, f({ q: 'php-admin-12' }), title));
  await time('check id, newest first', () => listFindings(db, f({ check: 'privileged-container', sort: 'newest' }), title));
  await time('resolved, oldest first', () => listFindings(db, f({ status: 'resolved', sort: 'oldest' }), title));
  await time('excepted', () => listFindings(db, f({ status: 'excepted' }), title));
  await time('group by check, one cluster', () => groupFindings(db, f({ cluster }), 'check', title));
  await time('group by check, all clusters, critical+high', () => groupFindings(db, f({ severity: 'critical,high' }), 'check', title));
  await time('group by check, one namespace', () => groupFindings(db, f({ cluster, namespace: 'legacy' }), 'check', title));
  await time('group by resource, one cluster', () => groupFindings(db, f({ cluster }), 'resource', title));
  await time('group by resource, one namespace', () => groupFindings(db, f({ cluster, namespace: 'legacy' }), 'resource', title));
  await time('scorecards, one cluster', () => getClusterScorecards(db, cluster, title));
  await time('trends, one cluster, 1 year', () => getClusterTrends(db, cluster, { from: new Date(Date.now() - 365 * 86_400_000), to: new Date() }));
  queries.length = 0;
  await listFindings(db, f({}), title);
  const [sql, params] = queries.find((q) => q.includes('"findings"'))!.split(' -- ');
  const values = JSON.parse(params) as unknown[];
  const plan = await db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, ...values);
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
