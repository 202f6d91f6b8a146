/**
 * ClusterSnapshot: one typed, immutable picture of a cluster, produced the same way from a
 * live API server (lib/k8s/collect), a directory of manifests or a `kubectl get -o json`
 * dump (lib/k8s/load). Every check reads only this.
 *
 * Objects are the API server's JSON as-is (timestamps are strings). The @kubernetes/client-node
 * model types are used as shapes only.
 */
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1CronJob,
  V1CustomResourceDefinition,
  V1DaemonSet,
  V1Deployment,
  V1Ingress,
  V1Job,
  V1LimitRange,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1NetworkPolicy,
  V1Node,
  V1ObjectMeta,
  V1Pod,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1ReplicationController,
  V1ResourceQuota,
  V1Role,
  V1RoleBinding,
  V1Service,
  V1ServiceAccount,
  V1StatefulSet,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import type { ConfigMapCredential } from './credential-values';

/** A Secret as Rampart holds it: metadata and type only. Values are never requested or kept. */
export interface SecretMetadata {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: V1ObjectMeta;
  /** Secret type when the source shows it (manifests, full lists); absent from metadata-only lists. */
  type?: string;
}

/**
 * A ConfigMap as Rampart holds it: metadata, the names of its keys and which keys hold a
 * credential (never values: they are inspected as the object is read and dropped).
 */
export interface ConfigMapMetadata {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: V1ObjectMeta;
  /** Key names from `data` and `binaryData`; undefined when the source only gave metadata. */
  keys?: string[];
  /**
   * Keys whose value is a credential recognised by its shape (lib/k8s/credential-values.ts), with
   * the kind found; undefined when the source gave no values to inspect.
   */
  credentials?: ConfigMapCredential[];
}

/** Any other object (custom resources such as VulnerabilityReport, ClusterPolicy, ...). */
export interface GenericObject {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta;
  [field: string]: unknown;
}

/**
 * An Argo Rollouts Rollout (argoproj.io/v1alpha1): a Deployment-like workload. Its pod template is
 * `spec.template`, or — with `spec.workloadRef` — the template of the referenced object (the
 * controller resolves it in memory; `spec.template` then stays empty). Its ReplicaSets are owned
 * by the Rollout and labelled `rollouts-pod-template-hash`.
 */
export interface RolloutObject extends GenericObject {
  spec?: {
    replicas?: number;
    template?: V1PodTemplateSpec;
    workloadRef?: { apiVersion?: string; kind?: string; name?: string; scaleDown?: string };
    [field: string]: unknown;
  };
}

/**
 * An OpenShift DeploymentConfig (apps.openshift.io/v1): its pod template is `spec.template`; each
 * version is a ReplicationController `<name>-<version>` owned by it, whose Pods it owns in turn.
 */
export interface DeploymentConfigObject extends GenericObject {
  spec?: { replicas?: number; template?: V1PodTemplateSpec; [field: string]: unknown };
}

export interface SnapshotObjects {
  namespaces: V1Namespace[];
  pods: V1Pod[];
  deployments: V1Deployment[];
  statefulSets: V1StatefulSet[];
  daemonSets: V1DaemonSet[];
  replicaSets: V1ReplicaSet[];
  replicationControllers: V1ReplicationController[];
  jobs: V1Job[];
  cronJobs: V1CronJob[];
  /** Argo Rollouts Rollouts (argoproj.io), when that API is served / in the source. */
  rollouts: RolloutObject[];
  /** OpenShift DeploymentConfigs (apps.openshift.io), when that API is served / in the source. */
  deploymentConfigs: DeploymentConfigObject[];
  services: V1Service[];
  ingresses: V1Ingress[];
  networkPolicies: V1NetworkPolicy[];
  serviceAccounts: V1ServiceAccount[];
  roles: V1Role[];
  clusterRoles: V1ClusterRole[];
  roleBindings: V1RoleBinding[];
  clusterRoleBindings: V1ClusterRoleBinding[];
  nodes: V1Node[];
  resourceQuotas: V1ResourceQuota[];
  limitRanges: V1LimitRange[];
  validatingWebhookConfigurations: V1ValidatingWebhookConfiguration[];
  mutatingWebhookConfigurations: V1MutatingWebhookConfiguration[];
  customResourceDefinitions: V1CustomResourceDefinition[];
  secrets: SecretMetadata[];
  configMaps: ConfigMapMetadata[];
  /** aquasecurity.github.io/v1alpha1 VulnerabilityReport (Trivy Operator), when that CRD exists. */
  vulnerabilityReports: GenericObject[];
  /**
   * aquasecurity.github.io/v1alpha1 ExposedSecretReport (Trivy Operator): reduced when read to each
   * finding's rule id, category, title, severity and target (lib/k8s/load/classify.ts); the matched
   * text, which holds the secret, is never kept.
   */
  exposedSecretReports: GenericObject[];
  /** aquasecurity.github.io/v1alpha1 ConfigAuditReport (Trivy Operator): each check's id, title, severity, category and outcome. */
  configAuditReports: GenericObject[];
  /**
   * Policy-engine objects that decide image-signature and admission checks:
   * admissionregistration.k8s.io ValidatingAdmissionPolicy (+ bindings), Kyverno ClusterPolicy /
   * Policy (kyverno.io) and (Namespaced)ImageValidatingPolicy (policies.kyverno.io), Gatekeeper
   * ConstraintTemplates and their constraints (constraints.gatekeeper.sh, one kind per template),
   * sigstore ClusterImagePolicy, Portieris ImagePolicy / ClusterImagePolicy.
   */
  policies: GenericObject[];
  /**
   * Custom resources of external secret-store integrations, as metadata only (apiVersion, kind,
   * metadata; never `spec`, so no sealed ciphertext or provider settings): External Secrets
   * Operator (external-secrets.io), GoDaddy kubernetes-external-secrets (kubernetes-client.io),
   * Sealed Secrets (bitnami.com), Secrets Store CSI SecretProviderClass, Vault Secrets Operator,
   * 1Password, Doppler, Infisical and akv2k8s (spv.no) objects. Their presence shows the
   * integration is in use even when its CRDs are not in the source (e.g. an application's manifests).
   */
  secretStores: GenericObject[];
  /**
   * Network policies of CNI plugins and the upstream policy API, as the API server serves them:
   * Cilium CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (cilium.io), Calico NetworkPolicy /
   * GlobalNetworkPolicy (projectcalico.org, or their crd.projectcalico.org storage CRDs), Antrea
   * NetworkPolicy / ClusterNetworkPolicy (crd.antrea.io) and AdminNetworkPolicy /
   * BaselineAdminNetworkPolicy (policy.networking.k8s.io). Kubernetes NetworkPolicies stay in
   * `networkPolicies`.
   */
  cniNetworkPolicies: GenericObject[];
  /**
   * Gateway API objects (gateway.networking.k8s.io): Gateway (listeners: protocol, port, hostname,
   * TLS) and the routes that attach to it, HTTPRoute and GRPCRoute (parentRefs, hostnames,
   * backendRefs). Read by the checks on what is published outside the cluster.
   */
  gatewayApi: GenericObject[];
}

export type ControlPlaneComponentName = 'kube-apiserver' | 'etcd' | 'kube-controller-manager' | 'kube-scheduler';

/** One static control-plane pod and the flags on its command line. */
export interface ControlPlaneComponent {
  component: ControlPlaneComponentName;
  /** The static Pod the flags were read from (namespace kube-system). */
  pod: { namespace: string; name: string };
  /** Index of the container that runs the component inside the pod spec. */
  containerIndex: number;
  /**
   * Flags from command + args, `--name=value` or `--name value`; a bare `--flag` is "true".
   * A repeated flag keeps its last value (as the component binaries do).
   */
  flags: Record<string, string>;
}

/** A node's kubelet configuration (KubeletConfiguration, from configz or a manifest). */
export interface KubeletInfo {
  nodeName: string;
  /** The `kubeletconfig` object from configz, or the KubeletConfiguration document. */
  config: Record<string, unknown>;
}

export interface CoverageGap {
  /** What could not be read, e.g. "secrets", "nodes/proxy (configz) on node-1", "apiextensions.k8s.io". */
  resource: string;
  /** `unreadable-object`: one object whose fields do not have the types Rampart reads (lib/k8s/load/shape.ts); `resource` names it ("Kind namespace/name"). */
  reason: 'forbidden' | 'not-found' | 'unavailable' | 'error' | 'unreadable-object';
  /** Human-readable explanation and what to do about it. */
  message: string;
}

export type SnapshotSourceType = 'cluster' | 'manifests' | 'dump';

export interface ClusterSnapshot {
  source: { type: SnapshotSourceType; name: string };
  /** ISO timestamp. */
  collectedAt: string;
  /** e.g. "v1.30.2" when known (live clusters). */
  serverVersion?: string;
  objects: SnapshotObjects;
  controlPlane: ControlPlaneComponent[];
  kubelets: KubeletInfo[];
  coverage: { gaps: CoverageGap[] };
}

export function emptySnapshotObjects(): SnapshotObjects {
  return {
    namespaces: [],
    pods: [],
    deployments: [],
    statefulSets: [],
    daemonSets: [],
    replicaSets: [],
    replicationControllers: [],
    jobs: [],
    cronJobs: [],
    rollouts: [],
    deploymentConfigs: [],
    services: [],
    ingresses: [],
    networkPolicies: [],
    serviceAccounts: [],
    roles: [],
    clusterRoles: [],
    roleBindings: [],
    clusterRoleBindings: [],
    nodes: [],
    resourceQuotas: [],
    limitRanges: [],
    validatingWebhookConfigurations: [],
    mutatingWebhookConfigurations: [],
    customResourceDefinitions: [],
    secrets: [],
    configMaps: [],
    vulnerabilityReports: [],
    exposedSecretReports: [],
    configAuditReports: [],
    policies: [],
    secretStores: [],
    cniNetworkPolicies: [],
    gatewayApi: [],
  };
}

/** Builds a snapshot; tests and loaders use it so every field is always present. */
export function makeSnapshot(partial: {
  source?: ClusterSnapshot['source'];
  collectedAt?: string;
  serverVersion?: string;
  objects?: Partial<SnapshotObjects>;
  controlPlane?: ControlPlaneComponent[];
  kubelets?: KubeletInfo[];
  coverage?: { gaps: CoverageGap[] };
}): ClusterSnapshot {
  return {
    source: partial.source ?? { type: 'manifests', name: 'inline' },
    collectedAt: partial.collectedAt ?? new Date(0).toISOString(),
    serverVersion: partial.serverVersion,
    objects: { ...emptySnapshotObjects(), ...partial.objects },
    controlPlane: partial.controlPlane ?? [],
    kubelets: partial.kubelets ?? [],
    coverage: partial.coverage ?? { gaps: [] },
  };
}
