/**
 * The resource registry: which kinds kube-sim serves, under which group/version/plural,
 * namespaced or not, with which verbs and subresources. Built-in kinds are listed here;
 * custom resources come from the CustomResourceDefinitions present in the loaded objects.
 */

export interface ResourceType {
  /** API group; '' for the core group (served under /api/v1). */
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural, the URL segment (e.g. "pods"). */
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** Subresources advertised in discovery, e.g. { name: 'exec', kind: 'PodExecOptions', verbs: ['create','get'] }. */
  subresources?: SubresourceType[];
  /** True for kinds defined by a CRD (list items keep apiVersion/kind, as real servers do). */
  custom?: boolean;
}

export interface SubresourceType {
  name: string;
  kind: string;
  verbs: string[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const RW_NO_COLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_SUB = (kind: string): SubresourceType => ({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
const SCALE_SUB: SubresourceType = { name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'] };

function res(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, verbs: RW, ...extra };
}

/** Built-in resources of a v1.30 API server that Rampart (and kubectl) may ask about. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  // core/v1
  res('', 'v1', 'Namespace', 'namespaces', false, {
    verbs: RW_NO_COLLECTION,
    shortNames: ['ns'],
    subresources: [STATUS_SUB('Namespace'), { name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  }),
  res('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      { name: 'eviction', kind: 'Eviction', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      STATUS_SUB('Pod'),
    ],
  }),
  res('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [
      { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      STATUS_SUB('Service'),
    ],
  }),
  res('', 'v1', 'Endpoints', 'endpoints', true, { singular: 'endpoints', shortNames: ['ep'] }),
  res('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  res('', 'v1', 'Secret', 'secrets', true),
  res('', 'v1', 'ServiceAccount', 'serviceaccounts', true, {
    shortNames: ['sa'],
    subresources: [{ name: 'token', kind: 'TokenRequest', verbs: ['create'] }],
  }),
  res('', 'v1', 'Node', 'nodes', false, {
    shortNames: ['no'],
    subresources: [
      { name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      STATUS_SUB('Node'),
    ],
  }),
  res('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'], subresources: [STATUS_SUB('PersistentVolume')] }),
  res('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, {
    shortNames: ['pvc'],
    subresources: [STATUS_SUB('PersistentVolumeClaim')],
  }),
  res('', 'v1', 'ReplicationController', 'replicationcontrollers', true, {
    shortNames: ['rc'],
    categories: ['all'],
    subresources: [SCALE_SUB, STATUS_SUB('ReplicationController')],
  }),
  res('', 'v1', 'ResourceQuota', 'resourcequotas', true, { shortNames: ['quota'], subresources: [STATUS_SUB('ResourceQuota')] }),
  res('', 'v1', 'LimitRange', 'limitranges', true, { shortNames: ['limits'] }),
  res('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  // apps/v1
  res('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [SCALE_SUB, STATUS_SUB('Deployment')],
  }),
  res('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [SCALE_SUB, STATUS_SUB('StatefulSet')],
  }),
  res('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], categories: ['all'], subresources: [STATUS_SUB('DaemonSet')] }),
  res('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [SCALE_SUB, STATUS_SUB('ReplicaSet')],
  }),
  res('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  // batch/v1
  res('batch', 'v1', 'Job', 'jobs', true, { categories: ['all'], subresources: [STATUS_SUB('Job')] }),
  res('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], categories: ['all'], subresources: [STATUS_SUB('CronJob')] }),
  // networking.k8s.io/v1
  res('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, { shortNames: ['netpol'] }),
  res('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], subresources: [STATUS_SUB('Ingress')] }),
  res('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  // rbac.authorization.k8s.io/v1
  res('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  res('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  res('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  res('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  // policy/v1
  res('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, {
    shortNames: ['pdb'],
    subresources: [STATUS_SUB('PodDisruptionBudget')],
  }),
  // admissionregistration.k8s.io/v1
  res('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
  res('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
  res('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false, {
    subresources: [STATUS_SUB('ValidatingAdmissionPolicy')],
  }),
  res('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false),
  // apiextensions.k8s.io/v1
  res('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    subresources: [STATUS_SUB('CustomResourceDefinition')],
  }),
  // storage.k8s.io/v1
  res('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, { shortNames: ['sc'] }),
  // authorization.k8s.io/v1 (create-only reviews; kube-sim answers SelfSubjectAccessReview)
  res('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: ['create'] }),
];

/** Groups in the order a real server lists them in /apis (core is served separately under /api). */
export const BUILTIN_GROUP_ORDER: readonly string[] = [
  'apps',
  'batch',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'policy',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'storage.k8s.io',
  'authorization.k8s.io',
];

export interface CrdLike {
  metadata?: { name?: string };
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions?: Array<{ name?: string; served?: boolean; storage?: boolean; subresources?: { status?: unknown; scale?: unknown } }>;
  };
}

/** Resource types a CustomResourceDefinition adds (one per served version). Throws on an incomplete CRD. */
export function resourceTypesFromCrd(crd: CrdLike): ResourceType[] {
  const spec = crd.spec;
  const names = spec?.names;
  if (!spec?.group || !names?.kind || !names.plural || !spec.versions?.length) {
    throw new Error(`CustomResourceDefinition ${crd.metadata?.name ?? '<unnamed>'} lacks spec.group, spec.names or spec.versions`);
  }
  const out: ResourceType[] = [];
  for (const v of spec.versions) {
    if (!v.name || v.served === false) continue;
    const subresources: SubresourceType[] = [];
    if (v.subresources?.status) subresources.push(STATUS_SUB(names.kind));
    if (v.subresources?.scale) subresources.push(SCALE_SUB);
    out.push({
      group: spec.group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      verbs: RW,
      shortNames: names.shortNames,
      categories: names.categories,
      subresources: subresources.length ? subresources : undefined,
      custom: true,
    });
  }
  return out;
}

export function groupVersionOf(rt: Pick<ResourceType, 'group' | 'version'>): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Splits "apps/v1" into { group: 'apps', version: 'v1' } and "v1" into { group: '', version: 'v1' }. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Lookup tables over a set of resource types. */
export class ResourceRegistry {
  readonly types: readonly ResourceType[];
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();

  constructor(types: readonly ResourceType[]) {
    this.types = types;
    for (const t of types) {
      this.byPath.set(`${t.group}/${t.version}/${t.plural}`, t);
      const kindKey = `${t.group}/${t.kind}`;
      if (!this.byKind.has(kindKey)) this.byKind.set(kindKey, t);
    }
  }

  /** The type served at /api(s)/<group>/<version>/<plural>, if any. */
  byPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** The type an object's apiVersion + kind names (any served version of the group). */
  forObject(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    const exact = this.types.find((t) => t.group === group && t.version === version && t.kind === kind);
    return exact ?? this.byKind.get(`${group}/${kind}`);
  }

  /** Group → versions, in discovery order (built-ins first, then custom groups sorted). */
  groups(): Array<{ name: string; versions: string[] }> {
    const map = new Map<string, string[]>();
    for (const t of this.types) {
      if (t.group === '') continue;
      const versions = map.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      map.set(t.group, versions);
    }
    const names = [...map.keys()].sort((a, b) => {
      const ia = BUILTIN_GROUP_ORDER.indexOf(a);
      const ib = BUILTIN_GROUP_ORDER.indexOf(b);
      if (ia >= 0 || ib >= 0) return (ia < 0 ? 1e6 : ia) - (ib < 0 ? 1e6 : ib);
      return a.localeCompare(b);
    });
    return names.map((name) => ({ name, versions: map.get(name) ?? [] }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }
}
