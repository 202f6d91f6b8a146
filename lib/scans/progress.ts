/** What Scan.progress holds while a scan runs (and keeps afterwards). Client-safe. */
export interface ScanProgress {
  /** Human-readable line, e.g. "Listed pods (7 of 31)". */
  message: string;
  /** Of the current phase. */
  done: number;
  total: number;
  kindsDone?: number;
  kindsTotal?: number;
  /** Objects collected so far. */
  objects?: number;
  checksDone?: number;
  checksTotal?: number;
  /** Attempt number (1-based) when the queue retried the scan. */
  attempt?: number;
}
