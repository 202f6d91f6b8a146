/** Workload risk ranking and attack paths (docs/RISK.md). */
export type * from './types';
export { RISK_FACTOR_IDS } from './types';
export { assessWorkloadRisk, RISK_POINTS, ATTACK_PATH_LIMIT, type RiskInputResult } from './workload-risk';
export { attackPathOf } from './attack-path';
