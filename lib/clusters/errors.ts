/**
 * Errors of the cluster registry, AppErrors (lib/api/errors.ts); `message` is safe to show (never
 * holds credentials). clusterNotFound is the one "this cluster does not exist" answer of every
 * service and route. No imports but lib/api/errors: any layer above the engine may throw it.
 */
import { AppError } from '../api/errors';

export type ClusterErrorCode = 'invalid-input' | 'invalid-credentials' | 'not-found' | 'name-taken' | 'undecryptable';

export class ClusterError extends AppError {
  constructor(
    status: 400 | 404 | 409 | 500,
    readonly code: ClusterErrorCode,
    message: string,
    /** Finer reason, e.g. the KubeconfigError code ('exec-plugin', 'context-not-found' …). */
    readonly reason?: string,
  ) {
    super(status, message, code);
  }

  /** The caller sees the finer reason when there is one. */
  override get publicCode(): string {
    return this.reason ?? this.code;
  }
}

/** The one 404 for a cluster id that names no cluster, wherever a cluster is looked up. */
export function clusterNotFound(id: string): ClusterError {
  return new ClusterError(404, 'not-found', `No cluster with id "${id}": it may have been deleted.`);
}

export function isClusterNotFound(error: unknown): boolean {
  return error instanceof ClusterError && error.code === 'not-found';
}
