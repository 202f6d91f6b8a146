/** External framework references for one check. Data only (docs/ARCHITECTURE.md). */
export interface FrameworkMapping {
  /** CIS Kubernetes Benchmark control ids, e.g. ["1.2.1"]. */
  cis?: string[];
  /** NSA/CISA Kubernetes Hardening Guidance topics, e.g. ["Pod security: non-root containers"]. */
  nsa?: string[];
  /** Pod Security Standards level and control, e.g. { level: 'baseline', control: 'Privileged Containers' }. */
  pss?: { level: 'baseline' | 'restricted'; control: string };
}

export type FrameworkTable = Record<string, FrameworkMapping>;
