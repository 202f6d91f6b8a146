/** The typed failure of a whole collection (a 403 or a missing API group is a CoverageGap instead). */
export type CollectErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'unreachable'
  | 'tls'
  | 'timeout'
  | 'server'
  | 'invalid-response'
  /** The kubeconfig itself is unusable (no current cluster). */
  | 'invalid-config';

/** A collection failed as a whole. `message` says what failed, why and what to do; it never contains credentials. */
export class CollectError extends Error {
  readonly code: CollectErrorCode;
  /** Retrying the scan soon would only repeat the failure's whole wait (the stall bound was spent). */
  readonly final: boolean;
  constructor(code: CollectErrorCode, message: string, options?: { cause?: unknown; final?: boolean }) {
    super(message, options);
    this.name = 'CollectError';
    this.code = code;
    this.final = options?.final ?? false;
  }
}
