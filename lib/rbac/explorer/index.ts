/** The RBAC explorer's view model (pure; the database loader is lib/dashboard/rbac/load.ts, server-only). */
export { RBAC_ARTIFACT_KIND, rbacArtifactFromSnapshot, isRbacArtifact, snapshotFromRbacArtifact, workloadsFromRbacArtifact, workloadExposure, type RbacArtifact, type WorkloadExposure, type ExposureKind } from './artifact';
export { buildRbacModel, grantChain, grantIdentity, type RbacModel, type GrantChain } from './model';
export { attackPathGraph, type AttackPathGraphHop, type AttackPathOverlay } from './attack-path-graph';
export { DEFAULT_SEEDS, graphNeighbourhood, searchGraphNodes, clampHops, type GraphView, type GraphViewNode, type GraphViewEdge, type GraphViewOptions } from './graph-view';
export { whoCanView, whoCanCsv, subjectView, riskyView, riskSummary, type WhoCanView, type WhoCanRow, type SubjectView, type SubjectRiskGroup, type RiskySubjectRow, type CarrierWorkload, type RiskSummary } from './views';
export { escalationRoutes, techniqueTitle, CLUSTER_ADMIN_TARGET, type EscalationRoute, type EscalationStep, type RouteTechnique } from './escalations';
export { rbacChanges, type RbacChanges, type RiskChange } from './changes';
export { rbacSummary, type RbacSummary } from './summary';
export { artifactWithin } from './within';
