/**
 * The contract every check implements (docs/ARCHITECTURE.md, "Walk-through: adding a check").
 * A check is data plus a pure `evaluate` function over a CheckContext: no I/O.
 */
import type { Bucket } from '../k8s/kinds';
import type { ClusterSnapshot } from '../k8s/snapshot';
import type { Workload } from '../k8s/pod-spec';
import type { RbacAnalysis } from '../rbac';
import type { ResourceRef, SectionId, Severity } from '../vocabulary';

// The shared words, re-exported for checks (lib/vocabulary.ts is their home).
export { SECTION_IDS, SEVERITIES } from '../vocabulary';
export type { ResourceRef, SectionId, Severity } from '../vocabulary';

export type ResultStatus = 'pass' | 'fail' | 'not-applicable';

export interface ResultPatch {
  /** strategic-merge: a YAML/JSON fragment for `kubectl patch --type strategic`; json: RFC 6902 ops. */
  type: 'strategic-merge' | 'json';
  /** The patch body as YAML text (strategic-merge) or JSON text (json). */
  body: string;
}

export interface CheckResult {
  status: ResultStatus;
  /** The resource the verdict is about: the top-level owner for workloads, the subject for RBAC, Cluster for cluster-wide conditions. */
  resource: ResourceRef;
  /** One sentence for a person: what is wrong (or right) with this resource. */
  message: string;
  /** The exact field, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  path?: string;
  /** Distinguishes several results of one check on one resource (container name, flag, rule index); part of the fingerprint. */
  detail?: string;
  /** Structured evidence (bindings and roles granting a permission, flag values, image, ...). Never secret values. */
  evidence?: Record<string, unknown>;
  /** A mechanical fix for this resource when there is one. */
  patch?: ResultPatch;
  /**
   * Overrides the check's severity for this one result (e.g. a hostPath mount of the container
   * runtime socket is critical while other hostPath mounts are high). Scoring and reports use
   * `result.severity ?? check.severity`.
   */
  severity?: Severity;
}

export interface Remediation {
  /** Ordered steps a person follows. */
  steps: string[];
  /** The exact kubectl command(s), with <placeholders> where the resource name goes. */
  kubectl?: string;
  /** A generic YAML patch showing the fixed fields. */
  patch?: string;
  /**
   * Where the fix is applied. Unset: the finding's resource, through the API (kubectl).
   * `kubelet-config`: the node's kubelet configuration file (a KubeletConfiguration document,
   * usually /var/lib/kubelet/config.yaml, or a drop-in in the --config-dir directory), not an
   * API object; `patch` is then a KubeletConfiguration fragment and the finding's manifest is the
   * kubelet configuration Rampart read (configz), not the Node.
   */
  appliesTo?: 'kubelet-config';
}

export interface ScanSettings {
  /** Registries images may come from (image-untrusted-registry). Empty: the check stays silent. */
  trustedRegistries: string[];
}

export const DEFAULT_SCAN_SETTINGS: ScanSettings = { trustedRegistries: [] };

export interface CheckContext {
  snapshot: ClusterSnapshot;
  /** Every workload's resolved pod template (lib/k8s/pod-spec.ts), computed once per snapshot. */
  readonly workloads: Workload[];
  /** Effective RBAC permissions (lib/rbac), computed once per snapshot. */
  readonly rbac: RbacAnalysis;
  settings: ScanSettings;
}

/** One thing a check reads: a snapshot list, or a derived view (ctx.workloads, ctx.rbac). */
export type CheckRead = Bucket | 'workloads' | 'rbac';

export interface Check {
  /** Stable public id, equal to the file name. */
  id: string;
  title: string;
  section: SectionId;
  severity: Severity;
  /**
   * What the check reads: snapshot lists (buckets of lib/k8s/kinds.ts), 'workloads' for
   * ctx.workloads and 'rbac' for ctx.rbac. lib/checks/reads.test.ts holds it to what the check
   * does, and fails when no collector list fills one of them. Every check of the catalog declares
   * it (the same test); synthetic checks in tests may leave it out.
   */
  reads?: readonly CheckRead[];
  /** Section number in the seed hardening guide, e.g. "5.5". */
  guideRef: string;
  /** What the check looks at, in a sentence or two. */
  description: string;
  /** Why it matters. */
  rationale: string;
  remediation: Remediation;
  /**
   * The check's results. Checks that judge every container or workload yield them (a generator):
   * the engine counts each pass as it comes and never holds a check's passing results, which on a
   * large cluster is most of the garbage an evaluation would make (docs/ARCHITECTURE.md). Smaller
   * checks may return an array.
   */
  evaluate(ctx: CheckContext): Iterable<CheckResult>;
}

/** The pseudo-resource for conditions of a whole cluster (no encryption at rest, no external IdP, ...). */
export function clusterResource(snapshot: ClusterSnapshot): ResourceRef {
  return { apiVersion: 'rampart.dev/v1', kind: 'Cluster', name: snapshot.source.name };
}
