/** The shared "does this cluster exist" check of route handlers and services (server-only). */
import { clusterNotFound } from './errors';
import type { Db } from '../db';

/** Resolves when the cluster exists; otherwise throws the one 404 answer, clusterNotFound (lib/api/errors.ts). */
export async function requireCluster(db: Pick<Db, 'cluster'>, id: string): Promise<void> {
  if (!(await db.cluster.findUnique({ where: { id }, select: { id: true } }))) throw clusterNotFound(id);
}
