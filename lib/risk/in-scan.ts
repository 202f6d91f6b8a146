/**
 * The workload ranking as one step of the scan's evaluation (lib/scan/evaluate.ts): like a
 * check, a failure to rank cannot stop the scan; it is reported as an engine error instead.
 */
import type { CheckContext } from '../checks/types';
import type { WorkloadRisk } from './types';
import { assessWorkloadRisk, type RiskInputResult } from './workload-risk';

/** Engine-error id under which a failed ranking is reported. */
export const WORKLOAD_RISK_STEP = 'workload-risk';

export function rankWorkloads(ctx: CheckContext, results: readonly RiskInputResult[], errors: Array<{ checkId: string; message: string }>): WorkloadRisk[] {
  try {
    return assessWorkloadRisk(ctx, results);
  } catch (e) {
    errors.push({ checkId: WORKLOAD_RISK_STEP, message: e instanceof Error ? e.message : String(e) });
    return [];
  }
}
