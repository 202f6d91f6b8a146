/**
 * Resolves every workload in a snapshot to its pod template, once per snapshot:
 * the top-level owner, all containers (init and ephemeral too) and the *effective*
 * securityContext of each container (pod level merged under container level, legacy
 * seccomp/AppArmor annotations honoured), with the source path of every effective field.
 *
 * Ownership collapse: a Pod controlled by a ReplicaSet / Job / StatefulSet / DaemonSet /
 * ReplicationController that is in the snapshot, a ReplicaSet controlled by a Deployment or an
 * Argo Rollout in the snapshot, a ReplicationController controlled by an OpenShift
 * DeploymentConfig in the snapshot and a Job controlled by a CronJob in the snapshot are
 * represented by their owner. When the owner is not in the snapshot (partial manifests, custom
 * controllers) the object stays a workload of its own, so nothing is lost — except that a Pod
 * whose ReplicaSet / ReplicationController / Job is missing but whose Deployment / Rollout /
 * DeploymentConfig / CronJob is present (named by the controllers' conventions) still collapses
 * into it.
 *
 * Argo Rollouts: a Rollout with `spec.template` is a workload like a Deployment. A Rollout with
 * `spec.workloadRef` (apps/v1 Deployment) has no template of its own: the controller copies the
 * referenced Deployment's template into the ReplicaSets it creates (argo-rollouts
 * rollout/templateref.go; `spec.template` must then be empty), and usually scales that Deployment
 * to 0 (`workloadRef.scaleDown`: never / onsuccess / progressively). The template the user edits
 * is the Deployment's, so that Deployment is the one workload: the Rollout's ReplicaSets and Pods
 * fold into it and it names the Rollout in `runBy`. When the referenced object is not in the
 * snapshot, the Rollout is no workload (its template is unknown) and its ReplicaSets stay their own.
 */
import type { V1Container, V1ObjectMeta, V1OwnerReference, V1Pod, V1PodSpec, V1ReplicaSet, V1ReplicationController, V1SecurityContext } from '@kubernetes/client-node';
import type { ResourceRef } from '../vocabulary';
import type { ClusterSnapshot } from './snapshot';
import type {
  ContainerKind,
  EffectiveSecurityContext,
  ResolvedContainer,
  Workload,
} from './pod-spec.types';
import { isComponentNamespace, isSystemComponent, isSystemNamespace } from './system';
import { defaultImagePullPolicy, parseImageRef } from './image-ref';

export type { ContainerKind, EffectiveSecurityContext, ResolvedContainer, Workload } from './pod-spec.types';

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
  'Rollout',
  'DeploymentConfig',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const DEFAULT_API_VERSION: Record<WorkloadKind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  ReplicationController: 'v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
  Rollout: 'argoproj.io/v1alpha1',
  DeploymentConfig: 'apps.openshift.io/v1',
};

/** Owner kinds that collapse a Pod into its controller. */
const POD_CONTROLLER_KINDS = new Set(['ReplicaSet', 'Job', 'StatefulSet', 'DaemonSet', 'ReplicationController']);
/** Owner kinds that collapse a ReplicaSet / ReplicationController / Job into their controller. */
const REPLICASET_OWNER_KINDS = new Set(['Deployment', 'Rollout']);
const REPLICATION_CONTROLLER_OWNER_KINDS = new Set(['DeploymentConfig']);
const JOB_OWNER_KINDS = new Set(['CronJob']);

/** Labels carrying the pod-template hash that ends a ReplicaSet's name: Deployment, Argo Rollout. */
const POD_TEMPLATE_HASH_LABELS: ReadonlyArray<[label: string, ownerKind: 'Deployment' | 'Rollout']> = [
  ['pod-template-hash', 'Deployment'],
  ['rollouts-pod-template-hash', 'Rollout'],
];

export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
export const APPARMOR_CONTAINER_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Fields of the pod-level securityContext that containers inherit. */
const POD_LEVEL_FIELDS = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile', 'seLinuxOptions', 'appArmorProfile'] as const;
/** Fields that exist only on the container securityContext. */
const CONTAINER_ONLY_FIELDS = ['privileged', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'capabilities', 'procMount'] as const;

interface Owned {
  metadata?: V1ObjectMeta;
}

function controllerOf(obj: Owned): V1OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

function nsOf(obj: Owned): string {
  return obj.metadata?.namespace || 'default';
}

/** Quotes a map key for a path: `annotations['a/b']`. */
function keyPath(base: string, key: string): string {
  return `${base}['${key}']`;
}

/** Reads a legacy seccomp / AppArmor annotation value as a profile. */
function profileFromAnnotation(value: string): { type: string; localhostProfile?: string } {
  const v = value.trim();
  if (v === 'runtime/default' || v === 'docker/default') return { type: 'RuntimeDefault' };
  if (v === 'unconfined') return { type: 'Unconfined' };
  if (v.startsWith('localhost/')) return { type: 'Localhost', localhostProfile: v.slice('localhost/'.length) };
  // Anything else is not a profile the runtime knows; report it as written so checks can fail it.
  return { type: v };
}

type PodSecurityContextLike = Partial<Record<(typeof POD_LEVEL_FIELDS)[number], unknown>>;

/** Records an effective field and where it was read (a plain function: it runs for every field of every container). */
function setEffective<K extends keyof EffectiveSecurityContext>(
  sc: EffectiveSecurityContext,
  paths: ResolvedContainer['securityContextPaths'],
  key: K,
  value: EffectiveSecurityContext[K],
  path: string,
): void {
  sc[key] = value;
  paths[key] = path;
}

function resolveSecurityContext(
  podSpec: V1PodSpec,
  podSpecPath: string,
  podMetadata: V1ObjectMeta,
  podMetadataPath: string,
  containerSc: V1SecurityContext | undefined,
  containerPath: string,
  containerName: string,
): Pick<ResolvedContainer, 'securityContext' | 'securityContextPaths'> {
  const sc: EffectiveSecurityContext = {};
  const paths: ResolvedContainer['securityContextPaths'] = {};
  const podSc = (podSpec.securityContext ?? {}) as PodSecurityContextLike;
  const cSc = containerSc ?? {};
  const annotations = podMetadata.annotations ?? {};
  const annotationsPath = `${podMetadataPath}.annotations`;


  for (const field of POD_LEVEL_FIELDS) {
    const cValue = cSc[field];
    if (cValue !== undefined && cValue !== null) {
      setEffective(sc, paths, field, cValue as EffectiveSecurityContext[typeof field], `${containerPath}.securityContext.${field}`);
      continue;
    }
    // Legacy annotations sit between the container field and the pod field (the API server
    // copied a container annotation into the container field when the field was absent).
    if (field === 'seccompProfile') {
      const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + containerName;
      if (annotations[key] !== undefined) {
        setEffective(sc, paths, field, profileFromAnnotation(annotations[key]), keyPath(annotationsPath, key));
        continue;
      }
    }
    if (field === 'appArmorProfile') {
      const key = APPARMOR_CONTAINER_ANNOTATION_PREFIX + containerName;
      if (annotations[key] !== undefined) {
        setEffective(sc, paths, field, profileFromAnnotation(annotations[key]), keyPath(annotationsPath, key));
        continue;
      }
    }
    const pValue = podSc[field];
    if (pValue !== undefined && pValue !== null) {
      setEffective(sc, paths, field, pValue as EffectiveSecurityContext[typeof field], `${podSpecPath}.securityContext.${field}`);
      continue;
    }
    if (field === 'seccompProfile' && annotations[SECCOMP_POD_ANNOTATION] !== undefined) {
      setEffective(sc, paths, field, profileFromAnnotation(annotations[SECCOMP_POD_ANNOTATION]), keyPath(annotationsPath, SECCOMP_POD_ANNOTATION));
    }
  }
  // windowsOptions: per-field merge (kubelet DetermineEffectiveSecurityContext).
  type WindowsOptions = NonNullable<EffectiveSecurityContext['windowsOptions']>;
  const podWin = (podSpec.securityContext?.windowsOptions ?? undefined) as WindowsOptions | undefined;
  const cWin = (cSc.windowsOptions ?? undefined) as WindowsOptions | undefined;
  if (podWin || cWin) {
    const merged: WindowsOptions = {};
    for (const key of ['runAsUserName', 'hostProcess', 'gmsaCredentialSpecName'] as const) {
      const v = cWin?.[key] ?? podWin?.[key];
      if (v !== undefined && v !== null) (merged as Record<string, unknown>)[key] = v;
    }
    const fromContainer = cWin !== undefined && (cWin.runAsUserName != null || cWin.hostProcess != null);
    setEffective(sc, paths, 'windowsOptions', merged, fromContainer ? `${containerPath}.securityContext.windowsOptions` : `${podSpecPath}.securityContext.windowsOptions`);
  }
  for (const field of CONTAINER_ONLY_FIELDS) {
    const cValue = cSc[field];
    if (cValue !== undefined && cValue !== null) {
      setEffective(sc, paths, field, cValue as EffectiveSecurityContext[typeof field], `${containerPath}.securityContext.${field}`);
    }
  }
  return { securityContext: sc, securityContextPaths: paths };
}

function resolveContainers(
  podSpec: V1PodSpec,
  podSpecPath: string,
  podMetadata: V1ObjectMeta,
  podMetadataPath: string,
  only?: 'ephemeralContainer',
): ResolvedContainer[] {
  const out: ResolvedContainer[] = [];
  if (!only) {
    addContainers(out, 'initContainer', 'initContainers', podSpec.initContainers, podSpec, podSpecPath, podMetadata, podMetadataPath);
    addContainers(out, 'container', 'containers', podSpec.containers, podSpec, podSpecPath, podMetadata, podMetadataPath);
  }
  // An ephemeral container has the same shape as a container plus targetContainerName.
  addContainers(out, 'ephemeralContainer', 'ephemeralContainers', podSpec.ephemeralContainers as V1Container[] | undefined, podSpec, podSpecPath, podMetadata, podMetadataPath);
  return out;
}

/** ResolvedContainer.description. */
function containerDescription(kind: ContainerKind, name: string, pod?: string): string {
  const what = kind === 'initContainer' ? 'init container' : kind === 'ephemeralContainer' ? 'ephemeral container' : 'container';
  return pod !== undefined ? `${what} "${name}" (in Pod ${pod})` : `${what} "${name}"`;
}

function addContainers(
  out: ResolvedContainer[],
  kind: ContainerKind,
  field: string,
  list: V1Container[] | undefined,
  podSpec: V1PodSpec,
  podSpecPath: string,
  podMetadata: V1ObjectMeta,
  podMetadataPath: string,
): void {
  if (!Array.isArray(list)) return;
  for (let index = 0; index < list.length; index++) {
    const container = list[index]!;
    const path = `${podSpecPath}.${field}[${index}]`;
    const image = typeof container.image === 'string' ? container.image : '';
    const policy = container.imagePullPolicy;
    const effectiveImagePullPolicy =
      policy === 'Always' || policy === 'IfNotPresent' || policy === 'Never' ? policy : defaultImagePullPolicy(image);
    const { securityContext, securityContextPaths } = resolveSecurityContext(podSpec, podSpecPath, podMetadata, podMetadataPath, container.securityContext, path, container.name ?? '');
    out.push({
      kind,
      index,
      name: container.name ?? `${field}[${index}]`,
      path,
      image,
      effectiveImagePullPolicy,
      spec: container,
      securityContext,
      securityContextPaths,
      description: containerDescription(kind, container.name ?? `${field}[${index}]`),
    });
  }
}

interface TemplateLocation {
  podSpec?: V1PodSpec;
  podSpecPath: string;
  podMetadata?: V1ObjectMeta;
  podMetadataPath: string;
}

interface WithTemplate {
  apiVersion?: string;
  metadata?: V1ObjectMeta;
  spec?: { template?: { metadata?: V1ObjectMeta; spec?: V1PodSpec } };
}

function templateOf(obj: WithTemplate): TemplateLocation {
  return {
    podSpec: obj.spec?.template?.spec,
    podSpecPath: 'spec.template.spec',
    podMetadata: obj.spec?.template?.metadata,
    podMetadataPath: 'spec.template.metadata',
  };
}

const REVISION_ANNOTATIONS = ['deployment.kubernetes.io/revision', 'rollout.argoproj.io/revision', 'openshift.io/deployment-config.latest-version'];

/** A ReplicaSet or ReplicationController: one revision of its controller's template. */
interface Revision extends Owned {
  spec?: { replicas?: number };
  status?: { replicas?: number };
}

function revisionOf(rs: Revision): number {
  for (const key of REVISION_ANNOTATIONS) {
    const n = Number(rs.metadata?.annotations?.[key]);
    if (Number.isFinite(n)) return n;
  }
  return -1;
}

/**
 * ReplicaSets / ReplicationControllers whose controller is not in the snapshot (a custom
 * controller, or a Deployment / Rollout / DeploymentConfig left out of the source): a controller
 * keeps its old revisions scaled to 0, and each would otherwise repeat every finding of the
 * template. Per controller, keep the revisions that run pods; when none does, the newest one
 * stands for it.
 */
function liveRevisions<T extends Revision>(replicaSets: T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const rs of replicaSets) {
    const ref = controllerOf(rs);
    if (!ref) continue;
    const key = `${nsOf(rs)}/${ref.kind}/${ref.uid || ref.name}`;
    groups.set(key, [...(groups.get(key) ?? []), rs]);
  }
  const dropped = new Set<T>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const running = group.filter((rs) => (rs.spec?.replicas ?? 1) > 0 || (rs.status?.replicas ?? 0) > 0);
    const keep = running.length > 0 ? running : [group.reduce((a, b) => (revisionOf(b) > revisionOf(a) ? b : a))];
    for (const rs of group) if (!keep.includes(rs)) dropped.add(rs);
  }
  return replicaSets.filter((rs) => !dropped.has(rs));
}

/** A top-level workload, by kind and name (its namespace is the namespace of what it owns). */
interface OwnerKey {
  kind: string;
  name: string;
}

/** `Deployment payments/api`: Workload.description. */
export function workloadDescription(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}

/** Resolves every workload of the snapshot, attributed to its top-level owner. */
export function resolveWorkloads(snapshot: ClusterSnapshot): Workload[] {
  const o = snapshot.objects;

  // Index what exists, by uid and by kind/namespace/name (manifests usually carry no uid). The
  // names are indexed only when a lookup needs them: a live cluster's references carry uids.
  const uids = new Set<string>();
  const named: Array<[kind: string, items: Owned[]]> = [
    ['Deployment', o.deployments],
    ['StatefulSet', o.statefulSets],
    ['DaemonSet', o.daemonSets],
    ['ReplicaSet', o.replicaSets],
    ['ReplicationController', o.replicationControllers],
    ['Job', o.jobs],
    ['CronJob', o.cronJobs],
    ['Rollout', o.rollouts],
    ['DeploymentConfig', o.deploymentConfigs],
  ];
  for (const [, items] of named) {
    for (const item of items) {
      const uid = item.metadata?.uid;
      if (uid) uids.add(uid);
    }
  }
  let names: Set<string> | undefined;
  const hasName = (key: string): boolean => {
    if (!names) {
      names = new Set<string>();
      for (const [kind, items] of named) for (const item of items) names.add(`${kind}/${nsOf(item)}/${item.metadata?.name ?? ''}`);
    }
    return names.has(key);
  };

  const ownerInSnapshot = (obj: Owned, kinds: ReadonlySet<string>): boolean => {
    const ref = controllerOf(obj);
    if (!ref || !kinds.has(ref.kind)) return false;
    if (ref.uid && uids.has(ref.uid)) return true;
    return hasName(`${ref.kind}/${nsOf(obj)}/${ref.name}`);
  };

  // What stands for each Rollout: itself (its own template) or the Deployment its workloadRef
  // names (that Deployment's template is the one that runs); absent when the template is unknown.
  const rolloutStandIn = new Map<string, OwnerKey>();
  const runBy = new Map<string, ResourceRef[]>();
  for (const r of o.rollouts) {
    const ns = nsOf(r);
    const name = r.metadata?.name ?? '';
    const ref = r.spec?.workloadRef;
    if (!ref) {
      rolloutStandIn.set(`${ns}/${name}`, { kind: 'Rollout', name });
      continue;
    }
    if (ref.kind === 'Deployment' && (ref.apiVersion ?? 'apps/v1').split('/')[0] === 'apps' && ref.name && hasName(`Deployment/${ns}/${ref.name}`)) {
      rolloutStandIn.set(`${ns}/${name}`, { kind: 'Deployment', name: ref.name });
      const key = `Deployment/${ns}/${ref.name}`;
      runBy.set(key, [...(runBy.get(key) ?? []), { apiVersion: r.apiVersion || DEFAULT_API_VERSION.Rollout, kind: 'Rollout', namespace: ns, name }]);
    }
  }

  /** The top-level workload that represents `obj` (a ReplicaSet, ReplicationController or Job), when its controller is in the snapshot. */
  const topOwnerOf = (obj: Owned, kinds: ReadonlySet<string>): OwnerKey | undefined => {
    if (!ownerInSnapshot(obj, kinds)) return undefined;
    const ref = controllerOf(obj)!;
    if (ref.kind === 'Rollout') return rolloutStandIn.get(`${nsOf(obj)}/${ref.name}`);
    return { kind: ref.kind, name: ref.name };
  };
  // ReplicaSets / ReplicationControllers / Jobs that fold into a top-level owner; looked up by uid
  // and by kind/namespace/name only for the Pods with ephemeral containers, so indexed on first use.
  const foldings: Array<[kind: string, obj: Owned, owner: OwnerKey]> = [];
  const fold = (kind: string, obj: Owned, owner: OwnerKey): void => {
    foldings.push([kind, obj, owner]);
  };
  let folded: Map<string, OwnerKey> | undefined;
  const foldedInto = (key: string): OwnerKey | undefined => {
    if (!folded) {
      folded = new Map();
      for (const [kind, obj, owner] of foldings) {
        if (obj.metadata?.uid) folded.set(obj.metadata.uid, owner);
        folded.set(`${kind}/${nsOf(obj)}/${obj.metadata?.name ?? ''}`, owner);
      }
    }
    return folded.get(key);
  };

  const serviceAccountAutomount = new Map<string, boolean>();
  for (const sa of o.serviceAccounts) {
    if (typeof sa.automountServiceAccountToken === 'boolean') {
      serviceAccountAutomount.set(`${nsOf(sa)}/${sa.metadata?.name ?? ''}`, sa.automountServiceAccountToken);
    }
  }

  const workloads: Workload[] = [];
  const add = (kind: WorkloadKind, obj: { apiVersion?: string; metadata?: V1ObjectMeta }, loc: TemplateLocation): void => {
    const namespace = nsOf(obj);
    const metadata = obj.metadata ?? {};
    const podSpec: V1PodSpec = loc.podSpec ?? { containers: [] };
    const podMetadata = loc.podMetadata ?? {};
    const serviceAccountName = podSpec.serviceAccountName || podSpec.serviceAccount || 'default';
    let automountServiceAccountToken = true;
    let automountSource: Workload['automountSource'] = 'default';
    if (typeof podSpec.automountServiceAccountToken === 'boolean') {
      automountServiceAccountToken = podSpec.automountServiceAccountToken;
      automountSource = 'pod';
    } else {
      const fromSa = serviceAccountAutomount.get(`${namespace}/${serviceAccountName}`);
      if (fromSa !== undefined) {
        automountServiceAccountToken = fromSa;
        automountSource = 'serviceAccount';
      }
    }
    const containers = resolveContainers(podSpec, loc.podSpecPath, podMetadata, loc.podMetadataPath);
    const workload: Workload = {
      ref: { apiVersion: obj.apiVersion || DEFAULT_API_VERSION[kind], kind, namespace, name: metadata.name ?? '' },
      namespace,
      metadata,
      podMetadata,
      podSpecPath: loc.podSpecPath,
      podSpec,
      serviceAccountName,
      automountServiceAccountToken,
      automountSource,
      containers,
      isSystem: isSystemNamespace(namespace) || (isComponentNamespace(namespace) && isSystemComponent(namespace, containers.map((c) => parseImageRef(c.image).repository))),
      description: workloadDescription(kind, namespace, metadata.name ?? ''),
      windows: false, // set once every container is attached (below)
    };
    const runners = runBy.get(`${kind}/${namespace}/${metadata.name ?? ''}`);
    if (runners) workload.runBy = runners;
    workloads.push(workload);
  };

  for (const d of o.deployments) add('Deployment', d, templateOf(d));
  for (const r of o.rollouts) {
    // A workloadRef Rollout is represented by the referenced Deployment (or, unresolved, by nothing).
    if (!r.spec?.workloadRef) add('Rollout', r, templateOf(r));
  }
  for (const dc of o.deploymentConfigs) add('DeploymentConfig', dc, templateOf(dc));
  for (const s of o.statefulSets) add('StatefulSet', s, templateOf(s));
  for (const d of o.daemonSets) add('DaemonSet', d, templateOf(d));
  const standaloneReplicaSets: V1ReplicaSet[] = [];
  for (const rs of o.replicaSets) {
    const owner = topOwnerOf(rs, REPLICASET_OWNER_KINDS);
    if (owner) fold('ReplicaSet', rs, owner);
    else standaloneReplicaSets.push(rs);
  }
  for (const rs of liveRevisions(standaloneReplicaSets)) add('ReplicaSet', rs, templateOf(rs));
  const standaloneRcs: V1ReplicationController[] = [];
  for (const rc of o.replicationControllers) {
    const owner = topOwnerOf(rc, REPLICATION_CONTROLLER_OWNER_KINDS);
    if (owner) fold('ReplicationController', rc, owner);
    else standaloneRcs.push(rc);
  }
  for (const rc of liveRevisions(standaloneRcs)) add('ReplicationController', rc, templateOf(rc));
  for (const job of o.jobs) {
    const owner = topOwnerOf(job, JOB_OWNER_KINDS);
    if (owner) fold('Job', job, owner);
    else add('Job', job, templateOf(job));
  }
  for (const cj of o.cronJobs) {
    add('CronJob', cj, {
      podSpec: cj.spec?.jobTemplate?.spec?.template?.spec,
      podSpecPath: 'spec.jobTemplate.spec.template.spec',
      podMetadata: cj.spec?.jobTemplate?.spec?.template?.metadata,
      podMetadataPath: 'spec.jobTemplate.spec.template.metadata',
    });
  }
  // When the ReplicaSet / ReplicationController / Job between a Pod and its top-level owner is not
  // in the source (`kubectl get deploy,cronjob,pods`), the controllers' naming conventions still
  // identify the owner: a Deployment's (Rollout's) ReplicaSet is `<name>-<hash>` with the hash in
  // the Pod's `pod-template-hash` (`rollouts-pod-template-hash`) label, a DeploymentConfig's
  // ReplicationController is `<name>-<version>`, a CronJob's Job is `<cronjob>-<scheduled time in minutes>`.
  // Asked only for a Pod whose controller is not in the snapshot.
  const inferredOwner = (pod: V1Pod): OwnerKey | undefined => {
    const ref = controllerOf(pod);
    if (!ref) return undefined;
    const ns = nsOf(pod);
    if (ref.kind === 'ReplicaSet') {
      for (const [label, ownerKind] of POD_TEMPLATE_HASH_LABELS) {
        const hash = pod.metadata?.labels?.[label];
        if (!hash || !ref.name.endsWith(`-${hash}`)) continue;
        const name = ref.name.slice(0, -(hash.length + 1));
        if (ownerKind === 'Rollout') return rolloutStandIn.get(`${ns}/${name}`);
        return hasName(`Deployment/${ns}/${name}`) ? { kind: 'Deployment', name } : undefined;
      }
      return undefined;
    }
    const versioned = /^(.+)-\d+$/.exec(ref.name);
    if (!versioned) return undefined;
    if (ref.kind === 'ReplicationController') {
      return hasName(`DeploymentConfig/${ns}/${versioned[1]}`) ? { kind: 'DeploymentConfig', name: versioned[1]! } : undefined;
    }
    if (ref.kind === 'Job') {
      return hasName(`CronJob/${ns}/${versioned[1]}`) ? { kind: 'CronJob', name: versioned[1]! } : undefined;
    }
    return undefined;
  };

  const collapsedPods: Array<{ pod: V1Pod; owner: OwnerKey }> = [];
  for (const pod of o.pods) {
    // Pods owned by a Node (static / mirror pods) or by an owner not in the snapshot stay workloads.
    const owned = ownerInSnapshot(pod, POD_CONTROLLER_KINDS);
    const inferred = owned ? undefined : inferredOwner(pod);
    if (owned || inferred) {
      if (pod.spec?.ephemeralContainers?.length) {
        const ref = controllerOf(pod)!;
        const owner = inferred ?? (ref.uid ? foldedInto(ref.uid) : undefined) ?? foldedInto(`${ref.kind}/${nsOf(pod)}/${ref.name}`) ?? { kind: ref.kind, name: ref.name };
        collapsedPods.push({ pod, owner });
      }
      continue;
    }
    add('Pod', pod, { podSpec: pod.spec, podSpecPath: 'spec', podMetadata: pod.metadata, podMetadataPath: 'metadata' });
  }
  if (collapsedPods.length > 0) attachEphemeralContainers(workloads, collapsedPods);
  for (const w of workloads) w.windows = runsOnWindows(w.podSpec, w.containers);
  return workloads;
}

const OS_LABELS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];

/** Whether a required node affinity admits only Windows nodes: every term requires an OS label In [windows]. */
function affinityRequiresWindows(podSpec: V1PodSpec): boolean {
  const terms = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return (
    terms.length > 0 &&
    terms.every((term) =>
      (term.matchExpressions ?? []).some(
        (e) => OS_LABELS.includes(e.key) && e.operator === 'In' && (e.values ?? []).length > 0 && (e.values ?? []).every((v) => v === 'windows'),
      ),
    )
  );
}

/** Workload.windows: spec.os.name, else an OS nodeSelector, else a Windows-only required affinity, else HostProcess. */
function runsOnWindows(podSpec: V1PodSpec, containers: readonly ResolvedContainer[]): boolean {
  if (podSpec.os?.name) return podSpec.os.name === 'windows';
  const selector = podSpec.nodeSelector ?? {};
  const selected = OS_LABELS.map((label) => selector[label]).find((v) => v !== undefined);
  if (selected !== undefined) return selected === 'windows';
  if (affinityRequiresWindows(podSpec)) return true;
  return podSpec.securityContext?.windowsOptions?.hostProcess === true || containers.some((c) => c.spec.securityContext?.windowsOptions?.hostProcess === true);
}

/**
 * Ephemeral containers (`kubectl debug`) exist only on a running Pod, never in its owner's
 * template: when the Pod collapses into its top-level owner, they would otherwise vanish from
 * the scan. They are attributed to that owner (one finding per debug container, naming the Pod).
 */
function attachEphemeralContainers(workloads: Workload[], pods: Array<{ pod: V1Pod; owner: OwnerKey }>): void {
  const byKey = new Map<string, Workload>();
  for (const w of workloads) byKey.set(`${w.ref.kind}/${w.namespace}/${w.ref.name}`, w);
  for (const { pod, owner } of pods) {
    const ns = nsOf(pod);
    const w = byKey.get(`${owner.kind}/${ns}/${owner.name}`);
    if (!w) continue;
    const podRef = { namespace: ns, name: pod.metadata?.name ?? '' };
    for (const c of resolveContainers(pod.spec!, 'spec', pod.metadata ?? {}, 'metadata', 'ephemeralContainer')) {
      w.containers.push({ ...c, pod: podRef, description: containerDescription(c.kind, c.name, podRef.name) });
    }
  }
}
