/**
 * A cluster's open findings counted three ways, for the findings browser's groupings at fleet
 * scale: by check, severity and excepted (OpenFindingCount), by resource with a severity split
 * and excepted (OpenResourceCount; "" stands for a cluster-scoped resource's namespace), and by
 * namespace (OpenNamespaceCount, the sum of its resources' rows).
 * They are rewritten from the findings table in the same transaction as every change to a
 * cluster's findings (persistScan, exception changes), so they are always exactly the GROUP BY of
 * the cluster's open findings.
 *
 * Their `excepted` is Finding.exceptionId being set: the exception recorded on the finding, not
 * the rule of lib/exceptions/active.ts itself. The two differ only for a finding whose exception
 * lapsed (expired or revoked) and was not swept yet: it is recorded, but open by the rule. An
 * exception lapses with the clock, without a write to recount anything, so no value stored here
 * could follow it; every reader applies the rule instead: getOpenCounts
 * (lib/dashboard/open-counts.ts) counts the findings of such "stale" exceptions as open, and the
 * findings browser reads these tables only while there is none (lib/dashboard/findings-groups.ts
 * countsApply). Proved by tests/dashboard/open-finding-counts.test.ts (an expired exception) and
 * tests/consistency/numbers.test.ts (a lapsed exception on every surface).
 *
 * `refreshOpenFindingCountsOf(tx, findingIds)` recounts only the groups those findings belong to
 * (their checks and their resources, in their clusters) — what a scan or an exception change
 * touched; an unchanged re-scan recounts nothing. `refreshOpenFindingCounts(tx, clusterIds)`
 * recounts whole clusters.
 */
import { Prisma, type DbTransaction } from '../db';

/**
 * Inserts the counts of the open findings `f` in `checks` / `resources` ("findings f" joined to
 * the clusters or groups to recount); the caller has deleted those groups' old rows.
 */
async function insertCounts(tx: DbTransaction, checks: Prisma.Sql, resources: Prisma.Sql): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO open_finding_counts (cluster_id, check_id, section, severity, excepted, count)
    SELECT f.cluster_id, f.check_id, min(f.section), f.severity, f.exception_id IS NOT NULL, count(*)::int
    FROM ${checks} WHERE f.status = 'open'
    GROUP BY f.cluster_id, f.check_id, f.severity, f.exception_id IS NOT NULL`;
  await tx.$executeRaw`
    INSERT INTO open_resource_counts (cluster_id, resource_kind, resource_namespace, resource_name, excepted, worst, critical, high, medium, low, info, total)
    SELECT f.cluster_id, f.resource_kind, coalesce(f.resource_namespace, ''), f.resource_name, f.exception_id IS NOT NULL, min(f.severity),
           (count(*) FILTER (WHERE f.severity = 'critical'))::int, (count(*) FILTER (WHERE f.severity = 'high'))::int,
           (count(*) FILTER (WHERE f.severity = 'medium'))::int, (count(*) FILTER (WHERE f.severity = 'low'))::int,
           (count(*) FILTER (WHERE f.severity = 'info'))::int, count(*)::int
    FROM ${resources} WHERE f.status = 'open'
    GROUP BY f.cluster_id, f.resource_kind, coalesce(f.resource_namespace, ''), f.resource_name, f.exception_id IS NOT NULL`;
}

/** Inserts the namespace counts of the resource rows `r` (open_resource_counts joined to the namespaces to recount). */
async function insertNamespaceCounts(tx: DbTransaction, resources: Prisma.Sql): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO open_namespace_counts (cluster_id, resource_namespace, excepted, critical, high, medium, low, info, total)
    SELECT r.cluster_id, r.resource_namespace, r.excepted, sum(r.critical)::int, sum(r.high)::int, sum(r.medium)::int, sum(r.low)::int, sum(r.info)::int, sum(r.total)::int
    FROM ${resources}
    GROUP BY r.cluster_id, r.resource_namespace, r.excepted`;
}

export async function refreshOpenFindingCounts(tx: DbTransaction, clusterIds: readonly string[]): Promise<void> {
  if (!clusterIds.length) return;
  const ids = [...clusterIds];
  await tx.$executeRaw`DELETE FROM open_finding_counts WHERE cluster_id = ANY(${ids}::text[])`;
  await tx.$executeRaw`DELETE FROM open_resource_counts WHERE cluster_id = ANY(${ids}::text[])`;
  await tx.$executeRaw`DELETE FROM open_namespace_counts WHERE cluster_id = ANY(${ids}::text[])`;
  const clusters = Prisma.sql`findings f JOIN unnest(${ids}::text[]) AS k(cluster_id) ON f.cluster_id = k.cluster_id`;
  await insertCounts(tx, clusters, clusters);
  await insertNamespaceCounts(tx, Prisma.sql`open_resource_counts r JOIN unnest(${ids}::text[]) AS k(cluster_id) ON r.cluster_id = k.cluster_id`);
}

/** Above this many changed findings, whole clusters are recounted (one pass beats many keyed ones). */
const KEYED_LIMIT = 20_000;

/** Recounts the check and resource groups of these findings (after they changed, in the same transaction). */
export async function refreshOpenFindingCountsOf(tx: DbTransaction, findingIds: readonly string[]): Promise<void> {
  if (!findingIds.length) return;
  const ids = [...findingIds];
  if (ids.length > KEYED_LIMIT) {
    const clusters = await tx.$queryRaw<Array<{ cluster_id: string }>>`SELECT DISTINCT cluster_id FROM findings WHERE id = ANY(${ids}::text[])`;
    return refreshOpenFindingCounts(tx, clusters.map((c) => c.cluster_id));
  }
  await tx.$executeRaw`
    CREATE TEMP TABLE IF NOT EXISTS rampart_count_keys (cluster_id text, check_id text, resource_kind text, resource_namespace text, resource_name text) ON COMMIT DROP`;
  await tx.$executeRaw`TRUNCATE rampart_count_keys`;
  await tx.$executeRaw`
    INSERT INTO rampart_count_keys
    SELECT DISTINCT cluster_id, check_id, resource_kind, coalesce(resource_namespace, ''), resource_name FROM findings WHERE id = ANY(${ids}::text[])`;
  await tx.$executeRaw`
    DELETE FROM open_finding_counts c USING (SELECT DISTINCT cluster_id, check_id FROM rampart_count_keys) k
    WHERE c.cluster_id = k.cluster_id AND c.check_id = k.check_id`;
  await tx.$executeRaw`
    DELETE FROM open_resource_counts c
    USING (SELECT DISTINCT cluster_id, resource_kind, resource_namespace, resource_name FROM rampart_count_keys) k
    WHERE c.cluster_id = k.cluster_id AND c.resource_kind = k.resource_kind AND c.resource_namespace = k.resource_namespace AND c.resource_name = k.resource_name`;
  await insertCounts(
    tx,
    Prisma.sql`findings f JOIN (SELECT DISTINCT cluster_id, check_id FROM rampart_count_keys) k
      ON f.cluster_id = k.cluster_id AND f.check_id = k.check_id`,
    Prisma.sql`findings f JOIN (SELECT DISTINCT cluster_id, resource_kind, resource_namespace, resource_name FROM rampart_count_keys) k
      ON f.cluster_id = k.cluster_id AND f.resource_kind = k.resource_kind AND f.resource_name = k.resource_name
     AND coalesce(f.resource_namespace, '') = k.resource_namespace`,
  );
  await tx.$executeRaw`
    DELETE FROM open_namespace_counts c USING (SELECT DISTINCT cluster_id, resource_namespace FROM rampart_count_keys) k
    WHERE c.cluster_id = k.cluster_id AND c.resource_namespace = k.resource_namespace`;
  await insertNamespaceCounts(
    tx,
    Prisma.sql`open_resource_counts r JOIN (SELECT DISTINCT cluster_id, resource_namespace FROM rampart_count_keys) k
      ON r.cluster_id = k.cluster_id AND r.resource_namespace = k.resource_namespace`,
  );
}
