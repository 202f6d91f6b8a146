/**
 * A dashboard-scale dataset for the HTTP benchmark and for timing queries by hand:
 *   - the demo cluster's real scan history (tests/dashboard/seed.ts, through the real pipeline),
 *   - 365 daily scans with their section aggregates (what the year-long trend chart reads),
 *   - its findings multiplied in SQL to `targetFindings` rows (new ids, fingerprints and names),
 *   - accepted risk on about 2% of them: one check-scoped exception (recorded on the rows as
 *     persist and the exception actions do) and one finding-scoped exception,
 *   - the open-finding counts rewritten as persist would (lib/scans/open-finding-counts.ts).
 *
 * Keep one around to time queries (bench/seed-big.ts prints its URL):
 *   npx tsx bench/seed-big.ts rampart_big 5000000
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rampart_big npx tsx tests/dashboard/perf-cli.ts
 */
import type { Db } from '../lib/db';
import { refreshOpenFindingCounts } from '../lib/scans/open-finding-counts';
import { seedClusterHistory } from '../tests/dashboard/seed';

export interface BigDataset {
  clusterId: string;
  findings: number;
  exceptedFindings: number;
}

export async function seedBigDataset(db: Db, targetFindings: number, log: (line: string) => void = () => undefined): Promise<BigDataset> {
  const { clusterId } = await seedClusterHistory(db, { name: 'prod-eu-west', scans: 6, days: 30 });
  log('seeded the real scan history');
  await db.$executeRaw`
    WITH s AS (
      INSERT INTO scans (id, cluster_id, status, trigger, queued_at, started_at, finished_at, duration_ms, score, grade)
      SELECT 'bench-scan-' || g, ${clusterId}, 'succeeded'::scan_status, 'schedule'::scan_trigger,
             now() - (g || ' days')::interval, now() - (g || ' days')::interval, now() - (g || ' days')::interval, 45000, 60 + g % 30, 'C'
      FROM generate_series(7, 365) AS g RETURNING id, finished_at)
    INSERT INTO scan_section_aggregates (id, scan_id, cluster_id, section, scanned_at, score, grade, passed, failed, open_high)
    SELECT s.id || '-' || sec, s.id, ${clusterId}, sec, s.finished_at, 70, 'C', 100, 30, 5
    FROM s CROSS JOIN unnest(ARRAY['cluster','authentication','authorization','images','workloads','secrets']) AS sec`;
  const base = await db.finding.count();
  const copies = Math.ceil((targetFindings - base) / base);
  // Bulk load: the secondary indexes (the trigram ones above all) are dropped for the copies and built
  // again afterwards, which is many times faster than maintaining them row by row.
  const indexes = await db.$queryRaw<Array<{ indexname: string; indexdef: string }>>`
    SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
    WHERE i.tablename = 'findings' AND NOT x.indisunique`;
  for (const i of indexes) await db.$executeRawUnsafe(`DROP INDEX "${i.indexname}"`);
  for (let c = 1; c <= copies; c += 50) {
    await db.$executeRaw`
      INSERT INTO findings (id, cluster_id, fingerprint, check_id, section, severity, resource_api_version, resource_kind,
        resource_namespace, resource_name, path, detail, message, status, first_seen_scan_id, last_seen_scan_id,
        resolved_scan_id, first_seen_at, last_seen_at, resolved_at, manifest_hash)
      SELECT f.id || '-' || g, f.cluster_id, f.fingerprint || '-' || g, f.check_id, f.section, f.severity, f.resource_api_version,
        f.resource_kind, f.resource_namespace, f.resource_name || '-' || g, f.path, f.detail, f.message, f.status,
        f.first_seen_scan_id, f.last_seen_scan_id, f.resolved_scan_id, f.first_seen_at - (g || ' minutes')::interval,
        f.last_seen_at, f.resolved_at, f.manifest_hash
      FROM findings f CROSS JOIN generate_series(${c}::int, ${Math.min(c + 49, copies)}::int) AS g
      WHERE f.id NOT LIKE '%-%-%-%-%-%'`;
    log(`findings: copies ${c}–${Math.min(c + 49, copies)} of ${copies}`);
  }
  for (const i of indexes) {
    await db.$executeRawUnsafe(i.indexdef);
    log(`index ${i.indexname} built`);
  }
  // Accepted risk: one check-scoped exception over the open findings of a ~2% check, one finding.
  const [{ check_id: checkId }] = await db.$queryRaw<Array<{ check_id: string }>>`
    SELECT check_id FROM findings WHERE status = 'open' GROUP BY check_id
    ORDER BY abs(count(*) - ${Math.round(targetFindings * 0.02)}) LIMIT 1`;
  const byCheck = await db.riskException.create({ data: { clusterId, scope: 'check', checkId, reason: 'benchmark: accepted for the whole cluster', state: 'approved', expiresAt: new Date(Date.now() + 90 * 86_400_000) } });
  await db.$executeRaw`UPDATE findings SET exception_id = ${byCheck.id} WHERE cluster_id = ${clusterId} AND check_id = ${checkId} AND status = 'open'`;
  const one = await db.finding.findFirstOrThrow({ where: { status: 'open', exceptionId: null }, select: { id: true } });
  const byFinding = await db.riskException.create({ data: { clusterId, scope: 'finding', findingId: one.id, reason: 'benchmark: one finding', state: 'approved' } });
  await db.finding.update({ where: { id: one.id }, data: { exceptionId: byFinding.id } });
  await db.$transaction((tx) => refreshOpenFindingCounts(tx, [clusterId]), { timeout: 600_000 });
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  return { clusterId, findings: await db.finding.count(), exceptedFindings: await db.finding.count({ where: { exceptionId: { not: null } } }) };
}
