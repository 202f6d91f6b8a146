/**
 * Types of the resolved pod templates (implementation: lib/k8s/pod-spec.ts).
 * Workload checks never walk raw pod specs; they read these.
 */
import type { V1Container, V1ObjectMeta, V1PodSpec } from '@kubernetes/client-node';
import type { ResourceRef } from '../vocabulary';

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

/** securityContext fields after merging pod level into container level (container wins). */
export interface EffectiveSecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string; localhostProfile?: string };
  appArmorProfile?: { type: string; localhostProfile?: string };
  seLinuxOptions?: Record<string, string>;
  procMount?: string;
  /**
   * Windows options, merged field by field as the kubelet does (container fields win). The path
   * recorded for it is the container's `windowsOptions` when that sets runAsUserName or
   * hostProcess, else the pod's.
   */
  windowsOptions?: { runAsUserName?: string; hostProcess?: boolean; gmsaCredentialSpecName?: string };
}

export interface ResolvedContainer {
  kind: ContainerKind;
  /** Index within its list (containers / initContainers / ephemeralContainers). */
  index: number;
  name: string;
  /** JSON path of this container in the top-level object, e.g. `spec.template.spec.containers[0]`. */
  path: string;
  image: string;
  /** Kubernetes' default applied: Always for `:latest` or no tag, IfNotPresent otherwise. */
  effectiveImagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  /** The raw container as written. */
  spec: V1Container;
  securityContext: EffectiveSecurityContext;
  /**
   * For every effective field, the path it was read from (container or pod level), so a
   * finding can point at the exact field; a field that is unset everywhere is absent.
   */
  securityContextPaths: Partial<Record<keyof EffectiveSecurityContext, string>>;
  /**
   * Set on an ephemeral container of a Pod that collapsed into its top-level owner: ephemeral
   * containers (`kubectl debug`) exist only on the running Pod, never in the owner's template,
   * so they are attributed to the owner and name this Pod; `path` is then a path in this Pod.
   */
  pod?: { namespace: string; name: string };
  /** `container "app"` / `init container "setup"` / `ephemeral container "debug" (in Pod web-1)`: how messages name it. */
  description: string;
}

export interface Workload {
  /** The top-level owner (Deployment, not its ReplicaSet or Pods). */
  ref: ResourceRef;
  namespace: string;
  /** Labels and annotations of the top-level object. */
  metadata: V1ObjectMeta;
  /** Metadata of the pod template (labels used by NetworkPolicy selectors). */
  podMetadata: V1ObjectMeta;
  /** Path of the pod spec in the top-level object: `spec.template.spec`, `spec.jobTemplate.spec.template.spec` or `spec`. */
  podSpecPath: string;
  podSpec: V1PodSpec;
  /** Effective service account name ("default" when unset). */
  serviceAccountName: string;
  /** Effective token automount: pod spec, else the ServiceAccount's setting, else true. */
  automountServiceAccountToken: boolean;
  /** Where the effective automount value came from. */
  automountSource: 'pod' | 'serviceAccount' | 'default';
  containers: ResolvedContainer[];
  /** In a system namespace or a well-known system component (lib/k8s/system.ts). */
  isSystem: boolean;
  /**
   * Other controllers that run this workload's pod template: an Argo Rollout whose
   * `spec.workloadRef` names this Deployment (its ReplicaSets and Pods are folded into this
   * workload). Findings stay on this object, whose template the user edits. Absent when none.
   */
  runBy?: ResourceRef[];
  /** `Deployment payments/api`: how messages name it (built once; every check names its workloads). */
  description: string;
  /**
   * A Windows pod: spec.os.name says so, or (pods written before that field existed) its
   * nodeSelector or required node affinity admits only Windows nodes, or it is a HostProcess pod,
   * which only Windows runs. Windows ignores the Linux-only securityContext fields.
   */
  windows: boolean;
}
