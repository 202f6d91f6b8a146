/**
 * The kinds Rampart reads, in one table. Derived from it:
 * - the collector's lists (lib/k8s/collect: CORE_LISTS, the add-on lists chosen by discovery);
 * - the scanner's read-only ClusterRole (scannerClusterRoleRules → lib/deploy/scanner-rbac.ts, deploy/);
 * - where the loaders put each object and whether it is cluster-scoped (lib/k8s/load/classify.ts),
 *   for live clusters, manifests, dumps, agent uploads and the check tests' fixtures alike;
 * - what the checks may declare they read (`Check.reads`; lib/checks/reads.test.ts fails when a
 *   check reads a bucket no list fills). kube-sim serves every core kind (lib/kube-sim/kinds.test.ts).
 *
 * Adding a kind: a row here (a CORE_KINDS row when every cluster serves it, else a kind of its
 * add-on group), a bucket in SnapshotObjects (lib/k8s/snapshot.ts) when it needs its own, and the
 * checks that read it list the bucket in `reads`.
 */
import type { SnapshotObjects } from './snapshot';

/** A list of the snapshot (`snapshot.objects.<bucket>`). */
export type Bucket = keyof SnapshotObjects;

export interface KindSpec {
  kind: string;
  /** Plural resource: the list's URL segment and the RBAC resource. Absent: read from manifests and dumps, never listed. */
  resource?: string;
  bucket: Bucket;
  clusterScoped?: boolean;
}

/** A kind every cluster serves: listed on every scan. */
export interface CoreKind extends KindSpec {
  group: string;
  version: string;
  resource: string;
  /** Listed as metadata only (PartialObjectMetadataList): Secrets. */
  metadataOnly?: boolean;
}

/** An add-on API group: its kinds are listed when discovery shows the group; a 404 there means "not installed". */
export interface AddOnGroup {
  group: string;
  /** Versions to list, best first (otherwise the group's preferred version). */
  versions: readonly string[];
  /** Listed as metadata only and reduced to apiVersion, kind and metadata. */
  metadataOnly?: boolean;
  /** Coverage gaps are named `<resource>.<group>` (several groups share plural names). */
  qualifiedGaps?: boolean;
  /** Skip this group when discovery shows that one (the same objects served twice). */
  unlessGroup?: string;
  /** Every kind of the group goes to this bucket, kinds not in `kinds` included (a later release of the product). */
  everyKind?: Bucket;
  kinds: readonly KindSpec[];
}

const core = (resource: string, kind: string, bucket: Bucket, extra: Partial<CoreKind> = {}): CoreKind => ({ group: '', version: 'v1', resource, kind, bucket, ...extra });
const grp = (group: string, version: string, resource: string, kind: string, bucket: Bucket, extra: Partial<CoreKind> = {}): CoreKind => ({
  group,
  version,
  resource,
  kind,
  bucket,
  ...extra,
});
const cluster = { clusterScoped: true } as const;

/** Kinds every cluster serves, in collection order (pods first: the largest list starts earliest). */
export const CORE_KINDS: readonly CoreKind[] = [
  core('pods', 'Pod', 'pods'),
  grp('apps', 'v1', 'replicasets', 'ReplicaSet', 'replicaSets'),
  core('configmaps', 'ConfigMap', 'configMaps'),
  core('secrets', 'Secret', 'secrets', { metadataOnly: true }),
  grp('apps', 'v1', 'deployments', 'Deployment', 'deployments'),
  grp('apps', 'v1', 'statefulsets', 'StatefulSet', 'statefulSets'),
  grp('apps', 'v1', 'daemonsets', 'DaemonSet', 'daemonSets'),
  core('replicationcontrollers', 'ReplicationController', 'replicationControllers'),
  grp('batch', 'v1', 'jobs', 'Job', 'jobs'),
  grp('batch', 'v1', 'cronjobs', 'CronJob', 'cronJobs'),
  core('namespaces', 'Namespace', 'namespaces', cluster),
  core('services', 'Service', 'services'),
  core('serviceaccounts', 'ServiceAccount', 'serviceAccounts'),
  core('nodes', 'Node', 'nodes', cluster),
  core('resourcequotas', 'ResourceQuota', 'resourceQuotas'),
  core('limitranges', 'LimitRange', 'limitRanges'),
  grp('networking.k8s.io', 'v1', 'ingresses', 'Ingress', 'ingresses'),
  grp('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', 'networkPolicies'),
  grp('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', 'roles'),
  grp('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', 'clusterRoles', cluster),
  grp('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', 'roleBindings'),
  grp('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', 'clusterRoleBindings', cluster),
  grp('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', 'validatingWebhookConfigurations', cluster),
  grp('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', 'mutatingWebhookConfigurations', cluster),
  grp('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', 'customResourceDefinitions', cluster),
];

const kind = (resource: string, name: string, bucket: Bucket, extra: Partial<KindSpec> = {}): KindSpec => ({ kind: name, resource, bucket, ...extra });

/** Add-on groups, in collection order. */
export const ADD_ON_GROUPS: readonly AddOnGroup[] = [
  {
    group: 'aquasecurity.github.io',
    versions: ['v1alpha1'],
    kinds: [
      kind('vulnerabilityreports', 'VulnerabilityReport', 'vulnerabilityReports'),
      // Reduced when read (lib/k8s/load/trivy-reports.ts): a secret report never keeps the matched text.
      kind('exposedsecretreports', 'ExposedSecretReport', 'exposedSecretReports'),
      kind('configauditreports', 'ConfigAuditReport', 'configAuditReports'),
    ],
  },
  // Workloads defined by extension APIs: Argo Rollouts and OpenShift DeploymentConfigs (lib/k8s/pod-spec.ts resolves them like a Deployment).
  { group: 'argoproj.io', versions: ['v1alpha1'], kinds: [kind('rollouts', 'Rollout', 'rollouts')] },
  { group: 'apps.openshift.io', versions: ['v1'], kinds: [kind('deploymentconfigs', 'DeploymentConfig', 'deploymentConfigs')] },
  // Policy engines (objects.policies): image-signature and admission checks.
  { group: 'kyverno.io', versions: ['v1'], kinds: [kind('clusterpolicies', 'ClusterPolicy', 'policies', cluster), kind('policies', 'Policy', 'policies')] },
  {
    // Kyverno 1.14+ CEL image verification (v1alpha1 → v1beta1 → v1); the namespaced kind exists from 1.15 (a 404 before that is silent).
    group: 'policies.kyverno.io',
    versions: ['v1', 'v1beta1', 'v1alpha1'],
    kinds: [
      kind('imagevalidatingpolicies', 'ImageValidatingPolicy', 'policies', cluster),
      kind('namespacedimagevalidatingpolicies', 'NamespacedImageValidatingPolicy', 'policies'),
    ],
  },
  { group: 'policy.sigstore.dev', versions: ['v1beta1', 'v1alpha1'], kinds: [kind('clusterimagepolicies', 'ClusterImagePolicy', 'policies', cluster)] },
  // Portieris (IBM); its predecessor's group is in LEGACY_KINDS.
  {
    group: 'portieris.cloud.ibm.com',
    versions: ['v1'],
    kinds: [kind('clusterimagepolicies', 'ClusterImagePolicy', 'policies', cluster), kind('imagepolicies', 'ImagePolicy', 'policies')],
  },
  { group: 'templates.gatekeeper.sh', versions: ['v1', 'v1beta1'], kinds: [kind('constrainttemplates', 'ConstraintTemplate', 'policies', cluster)] },
  {
    group: 'admissionregistration.k8s.io',
    versions: ['v1', 'v1beta1'],
    kinds: [
      kind('validatingadmissionpolicies', 'ValidatingAdmissionPolicy', 'policies', cluster),
      kind('validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', 'policies', cluster),
    ],
  },
  // External secret-store integrations (objects.secretStores): metadata only, their specs are never needed.
  {
    group: 'external-secrets.io',
    versions: ['v1', 'v1beta1'],
    metadataOnly: true,
    everyKind: 'secretStores',
    kinds: [
      kind('externalsecrets', 'ExternalSecret', 'secretStores'),
      kind('secretstores', 'SecretStore', 'secretStores'),
      kind('clustersecretstores', 'ClusterSecretStore', 'secretStores', cluster),
      { kind: 'ClusterExternalSecret', bucket: 'secretStores', clusterScoped: true },
      { kind: 'ClusterPushSecret', bucket: 'secretStores', clusterScoped: true },
    ],
  },
  { group: 'kubernetes-client.io', versions: ['v1'], metadataOnly: true, everyKind: 'secretStores', kinds: [kind('externalsecrets', 'ExternalSecret', 'secretStores')] },
  { group: 'bitnami.com', versions: ['v1alpha1'], metadataOnly: true, everyKind: 'secretStores', kinds: [kind('sealedsecrets', 'SealedSecret', 'secretStores')] },
  {
    group: 'secrets-store.csi.x-k8s.io',
    versions: ['v1', 'v1alpha1'],
    metadataOnly: true,
    everyKind: 'secretStores',
    kinds: [kind('secretproviderclasses', 'SecretProviderClass', 'secretStores')],
  },
  {
    group: 'secrets.hashicorp.com',
    versions: ['v1beta1'],
    metadataOnly: true,
    everyKind: 'secretStores',
    kinds: [
      kind('vaultstaticsecrets', 'VaultStaticSecret', 'secretStores'),
      kind('vaultdynamicsecrets', 'VaultDynamicSecret', 'secretStores'),
      kind('vaultpkisecrets', 'VaultPKISecret', 'secretStores'),
    ],
  },
  { group: 'onepassword.com', versions: ['v1'], metadataOnly: true, everyKind: 'secretStores', kinds: [kind('onepassworditems', 'OnePasswordItem', 'secretStores')] },
  { group: 'secrets.doppler.com', versions: ['v1alpha1'], metadataOnly: true, everyKind: 'secretStores', kinds: [kind('dopplersecrets', 'DopplerSecret', 'secretStores')] },
  { group: 'secrets.infisical.com', versions: ['v1alpha1'], metadataOnly: true, everyKind: 'secretStores', kinds: [kind('infisicalsecrets', 'InfisicalSecret', 'secretStores')] },
  { group: 'spv.no', versions: ['v2beta1', 'v1'], metadataOnly: true, everyKind: 'secretStores', kinds: [kind('azurekeyvaultsecrets', 'AzureKeyVaultSecret', 'secretStores')] },
  // CNI and upstream network policies (objects.cniNetworkPolicies), read by the network-policy checks; staged / tier objects are not enforced policies.
  {
    group: 'cilium.io',
    versions: ['v2'],
    qualifiedGaps: true,
    kinds: [
      kind('ciliumnetworkpolicies', 'CiliumNetworkPolicy', 'cniNetworkPolicies'),
      kind('ciliumclusterwidenetworkpolicies', 'CiliumClusterwideNetworkPolicy', 'cniNetworkPolicies', cluster),
    ],
  },
  {
    // Calico's API server (projectcalico.org/v3) serves the policies stored in the crd.projectcalico.org CRDs.
    group: 'projectcalico.org',
    versions: ['v3'],
    qualifiedGaps: true,
    kinds: [kind('networkpolicies', 'NetworkPolicy', 'cniNetworkPolicies'), kind('globalnetworkpolicies', 'GlobalNetworkPolicy', 'cniNetworkPolicies', cluster)],
  },
  {
    group: 'crd.projectcalico.org',
    versions: ['v1'],
    qualifiedGaps: true,
    unlessGroup: 'projectcalico.org',
    kinds: [kind('networkpolicies', 'NetworkPolicy', 'cniNetworkPolicies'), kind('globalnetworkpolicies', 'GlobalNetworkPolicy', 'cniNetworkPolicies', cluster)],
  },
  {
    group: 'crd.antrea.io',
    versions: ['v1beta1', 'v1alpha1'],
    qualifiedGaps: true,
    kinds: [kind('networkpolicies', 'NetworkPolicy', 'cniNetworkPolicies'), kind('clusternetworkpolicies', 'ClusterNetworkPolicy', 'cniNetworkPolicies', cluster)],
  },
  {
    group: 'policy.networking.k8s.io',
    versions: ['v1alpha1'],
    qualifiedGaps: true,
    kinds: [
      kind('adminnetworkpolicies', 'AdminNetworkPolicy', 'cniNetworkPolicies', cluster),
      kind('baselineadminnetworkpolicies', 'BaselineAdminNetworkPolicy', 'cniNetworkPolicies', cluster),
    ],
  },
  // Gateway API (objects.gatewayApi): listeners and the routes that publish Services through them.
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    kinds: [kind('gateways', 'Gateway', 'gatewayApi'), kind('httproutes', 'HTTPRoute', 'gatewayApi'), kind('grpcroutes', 'GRPCRoute', 'gatewayApi')],
  },
];

/** Gatekeeper constraints: one cluster-scoped kind per ConstraintTemplate, found by discovery at scan time (lib/k8s/collect). */
export const GATEKEEPER_CONSTRAINTS = { group: 'constraints.gatekeeper.sh', versions: ['v1', 'v1beta1', 'v1alpha1'], bucket: 'policies' } as const satisfies {
  group: string;
  versions: readonly string[];
  bucket: Bucket;
};

/** Kinds of older API groups that manifests and dumps still carry; no cluster serves them to list. */
export const LEGACY_KINDS: ReadonlyArray<KindSpec & { group: string }> = [
  { group: 'extensions', kind: 'Deployment', bucket: 'deployments' },
  { group: 'extensions', kind: 'DaemonSet', bucket: 'daemonSets' },
  { group: 'extensions', kind: 'ReplicaSet', bucket: 'replicaSets' },
  { group: 'extensions', kind: 'Ingress', bucket: 'ingresses' },
  { group: 'extensions', kind: 'NetworkPolicy', bucket: 'networkPolicies' },
  // IBM Container Image Security Enforcement, Portieris's predecessor.
  { group: 'securityenforcement.admission.cloud.ibm.com', kind: 'ImagePolicy', bucket: 'policies' },
  { group: 'securityenforcement.admission.cloud.ibm.com', kind: 'ClusterImagePolicy', bucket: 'policies', clusterScoped: true },
];

// ---------------------------------------------------------------- derived

interface Placement {
  bucket: Bucket;
  clusterScoped: boolean;
}

const BY_GROUP_KIND: ReadonlyMap<string, Placement> = (() => {
  const map = new Map<string, Placement>();
  const put = (group: string, k: KindSpec): void => {
    const key = `${group}/${k.kind}`;
    if (map.has(key)) throw new Error(`lib/k8s/kinds.ts: ${key} is listed twice`);
    map.set(key, { bucket: k.bucket, clusterScoped: k.clusterScoped === true });
  };
  for (const k of CORE_KINDS) put(k.group, k);
  for (const g of ADD_ON_GROUPS) for (const k of g.kinds) put(g.group, k);
  for (const k of LEGACY_KINDS) put(k.group, k);
  return map;
})();

const EVERY_KIND_GROUPS: ReadonlyMap<string, Placement> = new Map([
  ...ADD_ON_GROUPS.filter((g) => g.everyKind).map((g): [string, Placement] => [g.group, { bucket: g.everyKind!, clusterScoped: false }]),
  [GATEKEEPER_CONSTRAINTS.group, { bucket: GATEKEEPER_CONSTRAINTS.bucket, clusterScoped: true }],
]);

/** Where objects of group/kind go, or undefined when Rampart does not read that kind. Group '' is the core group. */
export function bucketOf(group: string, kind: string): Bucket | undefined {
  return (BY_GROUP_KIND.get(`${group}/${kind}`) ?? EVERY_KIND_GROUPS.get(group))?.bucket;
}

/** Whether a kind Rampart reads lives outside namespaces (false for kinds it does not read). */
export function isClusterScopedKind(group: string, kind: string): boolean {
  return (BY_GROUP_KIND.get(`${group}/${kind}`) ?? EVERY_KIND_GROUPS.get(group))?.clusterScoped === true;
}

/** Groups whose every kind is a secret-store object (reduced to metadata when read). */
export const SECRET_STORE_GROUPS: ReadonlySet<string> = new Set(ADD_ON_GROUPS.filter((g) => g.everyKind === 'secretStores').map((g) => g.group));

/** The buckets some collector list fills: what a check may read from a live cluster. */
export function listedBuckets(): Set<Bucket> {
  const out = new Set<Bucket>(CORE_KINDS.map((k) => k.bucket));
  for (const g of ADD_ON_GROUPS) for (const k of g.kinds) if (k.resource) out.add(k.bucket);
  out.add(GATEKEEPER_CONSTRAINTS.bucket);
  return out;
}

/** The buckets resolveWorkloads (lib/k8s/pod-spec.ts) reads: a check reading ctx.workloads reads these. */
export const WORKLOAD_BUCKETS = ['pods', 'serviceAccounts', 'deployments', 'statefulSets', 'daemonSets', 'replicaSets', 'replicationControllers', 'jobs', 'cronJobs', 'rollouts', 'deploymentConfigs'] as const satisfies readonly Bucket[];

/** The buckets analyzeRbac (lib/rbac) reads: a check reading ctx.rbac reads these. */
export const RBAC_BUCKETS = ['roles', 'clusterRoles', 'roleBindings', 'clusterRoleBindings', 'serviceAccounts'] as const satisfies readonly Bucket[];
