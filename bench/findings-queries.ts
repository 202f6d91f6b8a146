/**
 * p50 / p95 of the findings browser's queries at 5M findings, database time as the page calls
 * them (lib/dashboard/findings*.ts and lib/dashboard/namespaces.ts, each call with its total):
 * search, every sort order both ways, previous / last page and page-number jumps, by-resource and
 * by-namespace groupings, the owner filter and the namespace scorecards.
 *
 *   npx tsx bench/seed-big.ts rampart_big 5000000        # once (slow)
 *   npm run bench -- --only queries --database postgresql://postgres@127.0.0.1:5432/rampart_big
 *
 * Run directly, it prints one JSON line: tsx --conditions=react-server bench/findings-queries.ts <url> [runs]
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { getCheck } from '../lib/checks';
import { listFindings } from '../lib/dashboard/findings';
import { groupFindings } from '../lib/dashboard/findings-groups';
import { parseFindingFilters } from '../lib/dashboard/findings-filters';
import { getNamespacePosture } from '../lib/dashboard/namespaces';
import { PrismaClient } from '../lib/generated/prisma/client';
import { percentile } from './stats';

export interface QueryBenchRow {
  query: string;
  p50: number;
  p95: number;
  max: number;
  /** What the query answered: rows on the page / groups, and the total shown. */
  shown: string;
}

export interface QueryBenchResult {
  findings: number;
  runs: number;
  rows: QueryBenchRow[];
}

const title = (id: string) => getCheck(id)?.title;
const pct = percentile;

export async function runFindingsQueryBenchmark(url: string, runs = 40): Promise<QueryBenchResult> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    const findings = Number((await db.$queryRaw<Array<{ n: bigint }>>`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'findings'`)[0].n);
    const cluster = (await db.cluster.findFirstOrThrow({ orderBy: { createdAt: 'asc' } })).id;
    const owner = (await db.clusterNamespace.findFirst({ where: { name: 'payments' }, select: { labels: true } }))?.labels as Record<string, string> | undefined;
    const f = (p: Record<string, string>) => parseFindingFilters(p);
    const first = await listFindings(db, f({}), title);
    const second = await listFindings(db, f({ cursor: first.nextCursor!, page: '2' }), title);
    const rows: QueryBenchRow[] = [];
    const time = async (query: string, run: () => Promise<{ shown: string }>) => {
      await run();
      await run();
      const ms: number[] = [];
      let shown = '';
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        shown = (await run()).shown;
        ms.push(performance.now() - t0);
      }
      ms.sort((a, b) => a - b);
      const row = { query, p50: Math.round(pct(ms, 50)), p95: Math.round(pct(ms, 95)), max: Math.round(ms.at(-1)!), shown };
      rows.push(row);
      console.error(JSON.stringify(row));
    };
    const list = (p: Record<string, string>) => async () => {
      const r = await listFindings(db, f(p), title);
      return { shown: `${r.findings.length} rows, ${r.total.exact ? '' : '≈'}${r.total.count.toLocaleString('en-US')}` };
    };
    const group = (p: Record<string, string>, by: 'resource' | 'namespace' | 'check') => async () => {
      const r = await groupFindings(db, f(p), by, title, new Date(), 50);
      return { shown: `${r.groups.length} groups, ${r.total ? `${r.total.exact ? '' : '≈'}${r.total.count.toLocaleString('en-US')}` : 'total not counted'}` };
    };
    await time('default view, page 1 (with total)', list({}));
    await time('next page (cursor)', list({ cursor: first.nextCursor!, page: '2' }));
    await time('previous page (before cursor)', list({ before: second.prevCursor!, page: '1' }));
    await time('last page', list({ last: '1' }));
    await time('jump to page 100 (OFFSET 4,950)', list({ page: '100' }));
    await time('least severe first (severity, desc)', list({ dir: 'desc' }));
    await time('oldest first', list({ sort: 'oldest' }));
    for (const sort of ['resource', 'check', 'namespace'])
      for (const dir of ['asc', 'desc']) await time(`sort by ${sort}, ${dir === 'asc' ? 'A→Z' : 'Z→A'}`, list({ sort, dir }));
    await time('search "php-admin-12" (resource name substring)', list({ q: 'php-admin-12' }));
    await time('search "METABASE" (any case)', list({ q: 'METABASE' }));
    await time('search "payments" (namespace, many matches)', list({ q: 'payments' }));
    await time('search "privileged" (check title and message)', list({ q: 'privileged' }));
    await time('search "hostpath" (message substring)', list({ q: 'hostpath' }));
    await time('search "no-such-thing" (no match)', list({ q: 'no-such-thing' }));
    await time('search "admin-4711", sorted by resource', list({ q: 'admin-4711', sort: 'resource' }));
    await time('search "admin", all statuses, next page', list({ q: 'admin', status: 'all' }));
    await time('all statuses (estimated total)', list({ status: 'all' }));
    await time('namespace "legacy" + kind Deployment (counted total)', list({ cluster, namespace: 'legacy', kind: 'Deployment' }));
    if (owner?.team) await time(`owner "${owner.team}"`, list({ owner: owner.team }));
    await time('by resource, riskiest first, page 1', group({}, 'resource'));
    await time('by resource, riskiest first, page 20', group({ page: '20' }, 'resource'));
    await time('by resource, one cluster, namespace "legacy"', group({ cluster, namespace: 'legacy' }, 'resource'));
    await time('by resource, search "php-admin-12" (counted live)', group({ q: 'php-admin-12' }, 'resource'));
    await time('by namespace, one cluster', group({ cluster }, 'namespace'));
    if (owner?.team) await time(`by namespace, owner "${owner.team}"`, group({ owner: owner.team }, 'namespace'));
    await time('by check, all clusters', group({}, 'check'));
    await time('namespace scorecards and heat map, one cluster', async () => {
      const r = await getNamespacePosture(db, cluster);
      return { shown: `${r.namespaces.length} namespaces` };
    });
    return { findings, runs, rows };
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1]?.endsWith('findings-queries.ts')) {
  const [url, runs = '40'] = process.argv.slice(2);
  runFindingsQueryBenchmark(url, Number(runs))
    .then((r) => console.log(JSON.stringify(r)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
