/** Everything one finished scan produced, as the report renderers (lib/reports) read it. */
import type { Check } from '../checks/types';
import type { LoadError, SourceLocation } from '../k8s/load/builder';
import type { ClusterSnapshot, CoverageGap } from '../k8s/snapshot';
import type { Evaluation } from './evaluate';

export interface ScanOutcome {
  source: ClusterSnapshot['source'];
  /** ISO timestamp of the scan. */
  scannedAt: string;
  serverVersion?: string;
  /** The checks that ran (rules of the SARIF output). */
  checks: readonly Check[];
  evaluation: Evaluation;
  gaps: CoverageGap[];
  /** Manifest / dump documents that were skipped. */
  loadErrors: LoadError[];
  /** For manifest scans: where each object is defined (objectLocationKey → file + line). */
  locations?: ReadonlyMap<string, SourceLocation>;
  clusterKey: string;
}
