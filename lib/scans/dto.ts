/**
 * What the scan API returns (client-safe types, no server imports). Never credentials, never
 * manifests: status, progress, outcome and who started it.
 */
import type { ScanProgress } from './progress';

export type ScanStatusValue = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type ScanTriggerValue = 'schedule' | 'manual' | 'api' | 'watch' | 'agent';

export interface ScanDto {
  id: string;
  clusterId: string;
  clusterName: string | null;
  status: ScanStatusValue;
  trigger: ScanTriggerValue;
  triggeredBy: { id: string; name: string; email: string } | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** queued | retrying | connect | collect | evaluate | persist | done */
  phase: string | null;
  progress: ScanProgress | null;
  error: string | null;
  errorCode: string | null;
  kubernetesVersion: string | null;
  score: number | null;
  grade: string | null;
  resultsPassed: number;
  resultsFailed: number;
  resultsExcepted: number;
  findingsNew: number;
  findingsResolved: number;
  coverageGaps: Array<{ resource: string; reason: string; message: string }>;
}

export function isActiveScan(s: Pick<ScanDto, 'status'>): boolean {
  return s.status === 'queued' || s.status === 'running';
}
