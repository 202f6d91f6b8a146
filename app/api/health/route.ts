/**
 * GET /api/health — the ONE public route besides sign-in (for load balancers, Kubernetes
 * probes and the e2e harness). Answers only `{ status, db }`: no version, no counts, no
 * error text. 200 when the database answers, 503 when it does not.
 */
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const DB_TIMEOUT_MS = 3000;

export async function GET(): Promise<Response> {
  let dbOk = false;
  try {
    const db = await getDb();
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), DB_TIMEOUT_MS).unref()),
    ]);
    dbOk = true;
  } catch {
    dbOk = false;
  }
  return Response.json(
    { status: dbOk ? 'ok' : 'error', db: dbOk ? 'ok' : 'unreachable' },
    { status: dbOk ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
