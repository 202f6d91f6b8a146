/** Errors of the cluster registry; `message` is safe to show (never holds credentials). */
export type ClusterErrorCode = 'invalid-input' | 'invalid-credentials' | 'not-found' | 'name-taken' | 'undecryptable';

export class ClusterError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 500,
    readonly code: ClusterErrorCode,
    message: string,
    /** Finer reason, e.g. the KubeconfigError code ('exec-plugin', 'context-not-found' …). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export function clusterNotFound(id: string): ClusterError {
  return new ClusterError(404, 'not-found', `No cluster with id "${id}": it may have been deleted.`);
}
