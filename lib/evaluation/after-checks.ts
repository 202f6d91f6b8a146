/**
 * What the scan derives from the check results once every check has run, on the same check
 * context (resolved workloads, RBAC analysis): the workload ranking (lib/risk, docs/RISK.md) and
 * the image inventory (lib/vulnerabilities). Like a check, a failure here cannot stop the scan:
 * it is reported as an engine error and the part is left empty.
 */
import type { CheckContext } from '../checks/types';
import { assessWorkloadRisk, type RiskInputResult } from '../risk/workload-risk';
import type { WorkloadRisk } from '../risk/types';
import { buildVulnerabilityInventory, type VulnerabilityInventory } from '../vulnerabilities/inventory';

/** Engine-error ids under which a failed step is reported. */
export const WORKLOAD_RISK_STEP = 'workload-risk';
export const VULNERABILITY_INVENTORY_STEP = 'vulnerability-inventory';

export interface AfterChecks {
  workloadRisk: WorkloadRisk[];
  vulnerabilities: VulnerabilityInventory;
}

function attempt<T>(step: string, errors: Array<{ checkId: string; message: string }>, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (e) {
    errors.push({ checkId: step, message: e instanceof Error ? e.message : String(e) });
    return fallback;
  }
}

export function afterChecks(ctx: CheckContext, results: readonly RiskInputResult[], errors: Array<{ checkId: string; message: string }>): AfterChecks {
  const { vulnerabilityReports: reports, exposedSecretReports, configAuditReports } = ctx.snapshot.objects;
  const anyReport = reports.length + exposedSecretReports.length > 0;
  return {
    workloadRisk: attempt(WORKLOAD_RISK_STEP, errors, () => assessWorkloadRisk(ctx, results), []),
    // Workloads are resolved only when there is a report to attribute.
    vulnerabilities: attempt(VULNERABILITY_INVENTORY_STEP, errors, () => buildVulnerabilityInventory(reports, anyReport ? ctx.workloads : [], { exposedSecretReports, configAuditReports }), { available: false, images: [] }),
  };
}
