/**
 * The RBAC model Rampart computes once per snapshot (lib/rbac/analyze.ts).
 *
 * It is plain data (plus Map indexes) so that the authorization checks, the RBAC explorer
 * (graph, who-can, risky subjects, escalation paths) and exports all read the same answer.
 */

export type SubjectKind = 'ServiceAccount' | 'User' | 'Group';

/** A subject as RBAC matches it. `namespace` is set for (and only for) service accounts. */
export interface Subject {
  kind: SubjectKind;
  name: string;
  namespace?: string;
}

export type RoleKind = 'Role' | 'ClusterRole';
export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

export interface RoleRef {
  kind: RoleKind;
  name: string;
  /** Set for Roles only. */
  namespace?: string;
}

export interface BindingRef {
  kind: BindingKind;
  name: string;
  /** Set for RoleBindings only. */
  namespace?: string;
}

/** A PolicyRule with every list present (absent lists are empty). */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  /** Resource names as written, subresources included (`pods/exec`, `*`, `*\/scale`). */
  resources: string[];
  /** Non-empty: the rule applies only to objects with these names. */
  resourceNames: string[];
  /** Non-resource URLs (`/healthz`, `/api/*`); only effective through ClusterRoleBindings. */
  nonResourceURLs: string[];
}

/** One rule of a role after aggregation. */
export interface EffectiveRule extends PolicyRule {
  /** Position in the role's effective rule list. */
  index: number;
  /** The role whose own `rules` list this rule is written in (differs from the role for aggregated rules). */
  origin: RoleRef;
}

export interface AnalyzedRole {
  key: string;
  ref: RoleRef;
  labels: Record<string, string>;
  /** Own rules first, then rules aggregated from matching ClusterRoles, deduplicated. */
  rules: EffectiveRule[];
  /** Number of rules written in the role itself (before deduplication). */
  ownRuleCount: number;
  /** True when the ClusterRole has an aggregationRule. */
  aggregated: boolean;
  /** Names of the ClusterRoles whose rules were aggregated into this one (direct matches). */
  aggregatesFrom: string[];
  /** A built-in role of Kubernetes (`system:*` ClusterRoles, cluster-admin/admin/edit/view) or a Role the cluster creates in a system namespace (lib/rbac/bootstrap-bindings.ts). */
  isSystem: boolean;
  /** Keys of the bindings that reference this role. */
  boundBy: string[];
  /**
   * True when the snapshot does not contain this built-in ClusterRole (a manifest directory) and
   * its definition was assumed from Kubernetes' defaults (lib/rbac/bootstrap.ts).
   */
  assumed?: boolean;
  /**
   * True when this built-in ClusterRole, as written in the snapshot, lacks default rules or its
   * aggregation selector that the API server restores at start-up, and they were added back
   * (lib/rbac/bootstrap.ts reconcileBuiltInClusterRoles).
   */
  reconciled?: boolean;
}

export type Scope = { kind: 'cluster' } | { kind: 'namespace'; namespace: string };

export interface AnalyzedBinding {
  key: string;
  ref: BindingRef;
  roleRef: RoleRef;
  roleKey: string;
  /** Where the binding's grants apply: the whole cluster (ClusterRoleBinding) or the binding's namespace. */
  scope: Scope;
  /** Subjects as RBAC matches them (service-account namespace defaulted, `system:serviceaccount:` users folded into service accounts). */
  subjects: Subject[];
  /** Subjects RBAC will never match, with the reason (a ServiceAccount without namespace in a ClusterRoleBinding, unknown kind). */
  ignoredSubjects: Array<{ subject: { kind?: string; name?: string; namespace?: string }; reason: string }>;
  /** The referenced role does not exist in the snapshot: the binding grants nothing (until such a role is created). */
  dangling: boolean;
  /** Why the binding grants nothing besides a missing role (a ClusterRoleBinding referencing a Role, ...). */
  invalidReason?: string;
}

export interface GrantVia {
  binding: BindingRef;
  role: RoleRef;
  /** Index of the rule in the role's effective rule list. */
  ruleIndex: number;
  /** The ClusterRole the rule was aggregated from, when it is not written in `role` itself. */
  aggregatedFrom?: RoleRef;
  /** The group through which the holder receives the grant (the binding names this group). */
  group?: string;
}

/** One rule granted to one subject through one binding. */
export interface Grant extends PolicyRule {
  /** The subject the binding names (for a grant through a group: the group). */
  subject: Subject;
  scope: Scope;
  via: GrantVia;
}

export interface RiskMatch {
  riskId: string;
  /** Grants that give the risky permission on any object in their scope. */
  grants: Grant[];
  /** Grants that give it only on named objects (`resourceNames`): narrower, listed for review. */
  restrictedGrants: Grant[];
}

export interface SubjectAnalysis {
  key: string;
  subject: Subject;
  /** Grants from bindings that name this subject. */
  directGrants: Grant[];
  /** Groups (named in some binding) this subject is implicitly a member of, whose grants apply to it. */
  inheritedGroups: string[];
  /** Effective permissions: direct grants and the grants of `inheritedGroups` (their `via.group` shows the group). */
  grants: Grant[];
  /** Keys of the bindings that name this subject directly. */
  bindings: string[];
  /** Risky permissions in `grants`. */
  risks: RiskMatch[];
  /** Control-plane or node identity that legitimately holds powerful grants (see isSystemSubject). */
  isSystem: boolean;
  /** For service accounts: whether the ServiceAccount object is in the snapshot. */
  exists?: boolean;
}

export interface RbacAnalysis {
  roles: AnalyzedRole[];
  rolesByKey: ReadonlyMap<string, AnalyzedRole>;
  bindings: AnalyzedBinding[];
  bindingsByKey: ReadonlyMap<string, AnalyzedBinding>;
  /** Bindings whose role does not exist or that can never grant anything. */
  danglingBindings: AnalyzedBinding[];
  subjects: SubjectAnalysis[];
  subjectsByKey: ReadonlyMap<string, SubjectAnalysis>;
  /** Every grant of every binding (each once, held by the subject the binding names). */
  grants: Grant[];
  /** Index for who-can: grants by the base resource they name (`pods`, `*`), non-resource grants under `/`. */
  grantsByResource: ReadonlyMap<string, Grant[]>;
}
