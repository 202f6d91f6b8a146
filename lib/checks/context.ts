import type { ClusterSnapshot } from '../k8s/snapshot';
import type { Workload } from '../k8s/pod-spec';
import { resolveWorkloads } from '../k8s/pod-spec';
import { analyzeRbac, type RbacAnalysis } from '../rbac';
import { DEFAULT_SCAN_SETTINGS, type CheckContext, type ScanSettings } from './types';

/** Builds the context every check evaluates against; derived views are computed once, on first use. */
export function createCheckContext(snapshot: ClusterSnapshot, settings: ScanSettings = DEFAULT_SCAN_SETTINGS): CheckContext {
  let workloads: Workload[] | undefined;
  let rbac: RbacAnalysis | undefined;
  return {
    snapshot,
    settings,
    get workloads() {
      workloads ??= resolveWorkloads(snapshot);
      return workloads;
    },
    get rbac() {
      rbac ??= analyzeRbac(snapshot);
      return rbac;
    },
  };
}
