/**
 * The latest successful scan of every cluster. No 'server-only' import: the report worker (PDF view
 * model → fix-first) and `rampart worker` / `serve` load it outside React Server Components.
 */
import type { Db } from '@/lib/db';

/** Id of the latest successful scan of every cluster (one index range scan per cluster). */
export async function latestScanIds(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT DISTINCT ON (cluster_id) id FROM scans
    WHERE status = 'succeeded' AND finished_at IS NOT NULL
    ORDER BY cluster_id, finished_at DESC`;
  return rows.map((r) => r.id);
}
