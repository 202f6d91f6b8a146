/** Effective RBAC permissions, who-can, risky permissions and the RBAC graph model (docs/ARCHITECTURE.md "Layers and their rules"). */
export type * from './types';
export { analyzeRbac } from './analyze';
export { can, whoCan, effectiveGrants, type AccessDecision, type AccessOptions, type WhoCanEntry, type WhoCanOptions } from './query';
export { RISKS, RISKS_BY_ID, CONTROL_PLANE_NAMESPACE, takesOverControlPlane, matchRisks, grantMatchesRisk, type RiskDefinition, type RiskTarget } from './risks';
export { isDefaultPublicGrant } from './defaults';
export { isDefaultClusterRoleName } from './bootstrap';
export { isDistributionGrant, isDistributionBindingOf, isDistributionWildcardRule } from './distributions';
export { analyzeRoles, isBuiltInClusterRoleName, DEFAULT_USER_FACING_CLUSTER_ROLES } from './roles';
export { parseResource, ruleAllows, ruleAllowsURL, isClusterScopedResource } from './match';
export {
  subjectKey,
  RBAC_API_VERSION,
  roleKey,
  bindingKey,
  sameSubject,
  implicitGroups,
  isBroadSubject,
  subjectRiskSeverity,
  isSystemSubject,
  subjectResource,
  roleResource,
  formatSubject,
  formatRole,
  formatBinding,
  formatScope,
} from './subjects';
export {
  buildRbacGraph,
  describeRule,
  subjectNodeId,
  bindingNodeId,
  roleNodeId,
  permissionNodeId,
  workloadNodeId,
  type RbacGraph,
  type RbacGraphNode,
  type RbacGraphEdge,
  type RbacGraphEdgeType,
  type RbacGraphOptions,
  type SubjectNode,
  type BindingNode,
  type RoleNode,
  type PermissionNode,
  type WorkloadNode,
} from './graph';
export { riskySubjects, escalationPaths, type RiskySubject, type EscalationPath, type EscalationTechnique } from './escalation';
