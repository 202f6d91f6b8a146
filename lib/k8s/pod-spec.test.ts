import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { V1Pod } from '@kubernetes/client-node';
import { makeSnapshot, type SnapshotObjects } from './snapshot';
import { resolveWorkloads, type Workload } from './pod-spec';
import { defaultImagePullPolicy, parseImageRef } from './image-ref';

const podSpec = (extra: Record<string, unknown> = {}) => ({ containers: [{ name: 'app', image: 'registry.example.com/app:1.0' }], ...extra });
const template = (extra: Record<string, unknown> = {}) => ({ metadata: { labels: { app: 'x' } }, spec: podSpec(extra) });

// Snapshot objects are the API server's JSON; tests build them as plain data.
const snap = (objects: Partial<Record<keyof SnapshotObjects, unknown[]>>) => makeSnapshot({ objects: objects as Partial<SnapshotObjects> });

function only(workloads: Workload[]): Workload {
  expect(workloads).toHaveLength(1);
  return workloads[0]!;
}

describe('resolveWorkloads: kinds and pod spec paths', () => {
  const cases: Array<[keyof SnapshotObjects, string, string, unknown]> = [
    ['deployments', 'Deployment', 'spec.template.spec', { spec: { template: template() } }],
    ['statefulSets', 'StatefulSet', 'spec.template.spec', { spec: { template: template() } }],
    ['daemonSets', 'DaemonSet', 'spec.template.spec', { spec: { template: template() } }],
    ['replicaSets', 'ReplicaSet', 'spec.template.spec', { spec: { template: template() } }],
    ['replicationControllers', 'ReplicationController', 'spec.template.spec', { spec: { template: template() } }],
    ['jobs', 'Job', 'spec.template.spec', { spec: { template: template() } }],
    ['cronJobs', 'CronJob', 'spec.jobTemplate.spec.template.spec', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template() } } } }],
    ['pods', 'Pod', 'spec', { spec: podSpec() }],
  ];
  for (const [list, kind, path, body] of cases) {
    it(`resolves a ${kind}`, () => {
      const obj = { metadata: { name: 'w', namespace: 'team' }, ...(body as object) };
      const w = only(resolveWorkloads(snap({ [list]: [obj] })));
      expect(w.ref).toMatchObject({ kind, name: 'w', namespace: 'team' });
      expect(w.ref.apiVersion).toBe(kind === 'Pod' || kind === 'ReplicationController' ? 'v1' : kind.endsWith('Job') ? 'batch/v1' : 'apps/v1');
      expect(w.podSpecPath).toBe(path);
      expect(w.containers).toHaveLength(1);
      expect(w.containers[0]!.path).toBe(`${path}.containers[0]`);
      expect(w.containers[0]!.image).toBe('registry.example.com/app:1.0');
    });
  }

  it('puts namespaced objects without a namespace in "default"', () => {
    const w = only(resolveWorkloads(snap({ deployments: [{ metadata: { name: 'd' }, spec: { template: template() } }] })));
    expect(w.namespace).toBe('default');
    expect(w.ref.namespace).toBe('default');
  });

  it('keeps the apiVersion written on the object', () => {
    const w = only(resolveWorkloads(snap({ cronJobs: [{ apiVersion: 'batch/v1beta1', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: template() } } } }] })));
    expect(w.ref.apiVersion).toBe('batch/v1beta1');
  });

  it('uses the pod template metadata (CronJob) and the pod metadata (Pod) as podMetadata', () => {
    const ws = resolveWorkloads(
      snap({
        cronJobs: [{ metadata: { name: 'c', labels: { top: '1' } }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { role: 'batch' } }, spec: podSpec() } } } } }],
        pods: [{ metadata: { name: 'p', labels: { role: 'bare' } }, spec: podSpec() }],
      }),
    );
    expect(ws.find((w) => w.ref.kind === 'CronJob')!.podMetadata.labels).toEqual({ role: 'batch' });
    expect(ws.find((w) => w.ref.kind === 'CronJob')!.metadata.labels).toEqual({ top: '1' });
    expect(ws.find((w) => w.ref.kind === 'Pod')!.podMetadata.labels).toEqual({ role: 'bare' });
  });

  it('includes init and ephemeral containers with their own paths, in order', () => {
    const pod = {
      metadata: { name: 'p' },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
        ephemeralContainers: [{ name: 'debug', image: 'busybox', targetContainerName: 'a' }],
      },
    };
    const w = only(resolveWorkloads(snap({ pods: [pod] })));
    expect(w.containers.map((c) => [c.kind, c.name, c.index, c.path])).toEqual([
      ['initContainer', 'init', 0, 'spec.initContainers[0]'],
      ['container', 'a', 0, 'spec.containers[0]'],
      ['container', 'b', 1, 'spec.containers[1]'],
      ['ephemeralContainer', 'debug', 0, 'spec.ephemeralContainers[0]'],
    ]);
  });

  it('yields a workload with no containers when the template is missing', () => {
    const w = only(resolveWorkloads(snap({ replicationControllers: [{ metadata: { name: 'rc' }, spec: {} }] })));
    expect(w.containers).toEqual([]);
    expect(w.podSpec.containers).toEqual([]);
  });
});

describe('resolveWorkloads: ownership collapse', () => {
  const owner = (kind: string, name: string, uid?: string) => ({ apiVersion: 'apps/v1', kind, name, uid: uid ?? `${name}-uid`, controller: true });

  it('attributes Deployment → ReplicaSet → Pod to the Deployment', () => {
    const ws = resolveWorkloads(
      snap({
        deployments: [{ metadata: { name: 'web', namespace: 'a', uid: 'web-uid' }, spec: { template: template() } }],
        replicaSets: [{ metadata: { name: 'web-1', namespace: 'a', uid: 'web-1-uid', ownerReferences: [owner('Deployment', 'web')] }, spec: { template: template() } }],
        pods: [{ metadata: { name: 'web-1-x', namespace: 'a', ownerReferences: [owner('ReplicaSet', 'web-1')] }, spec: podSpec() }],
      }),
    );
    expect(ws.map((w) => `${w.ref.kind}/${w.ref.name}`)).toEqual(['Deployment/web']);
  });

  it('attributes CronJob → Job → Pod to the CronJob', () => {
    const ws = resolveWorkloads(
      snap({
        cronJobs: [{ metadata: { name: 'nightly', namespace: 'a', uid: 'cj' }, spec: { jobTemplate: { spec: { template: template() } } } }],
        jobs: [{ metadata: { name: 'nightly-1', namespace: 'a', uid: 'j', ownerReferences: [owner('CronJob', 'nightly', 'cj')] }, spec: { template: template() } }],
        pods: [{ metadata: { name: 'nightly-1-x', namespace: 'a', ownerReferences: [owner('Job', 'nightly-1', 'j')] }, spec: podSpec() }],
      }),
    );
    expect(ws.map((w) => `${w.ref.kind}/${w.ref.name}`)).toEqual(['CronJob/nightly']);
  });

  it('keeps the ephemeral (kubectl debug) containers of a collapsed Pod, on the top-level owner, naming the Pod', () => {
    const debug = { name: 'debugger-1', image: 'busybox:1.36', targetContainerName: 'app', securityContext: { privileged: true } };
    const ws = resolveWorkloads(
      snap({
        cronJobs: [{ metadata: { name: 'nightly', namespace: 'a', uid: 'cj' }, spec: { jobTemplate: { spec: { template: template() } } } }],
        jobs: [{ metadata: { name: 'nightly-1', namespace: 'a', uid: 'j', ownerReferences: [owner('CronJob', 'nightly', 'cj')] }, spec: { template: template() } }],
        deployments: [{ metadata: { name: 'web', namespace: 'a', uid: 'web-uid' }, spec: { template: template() } }],
        replicaSets: [{ metadata: { name: 'web-1', namespace: 'a', uid: 'web-1-uid', ownerReferences: [owner('Deployment', 'web')] }, spec: { template: template() } }],
        pods: [
          { metadata: { name: 'web-1-x', namespace: 'a', ownerReferences: [owner('ReplicaSet', 'web-1')] }, spec: podSpec({ securityContext: { runAsUser: 5 }, ephemeralContainers: [debug] }) },
          { metadata: { name: 'web-1-y', namespace: 'a', ownerReferences: [owner('ReplicaSet', 'web-1')] }, spec: podSpec() },
          { metadata: { name: 'nightly-1-x', namespace: 'a', ownerReferences: [owner('Job', 'nightly-1', 'j')] }, spec: podSpec({ ephemeralContainers: [debug] }) },
        ],
      }),
    );
    const view = (w: Workload) => w.containers.map((c) => [c.kind, c.name, c.path, c.pod?.name ?? null, c.securityContext.runAsUser ?? null]);
    expect(ws.map((w) => `${w.ref.kind}/${w.ref.name}`)).toEqual(['Deployment/web', 'CronJob/nightly']);
    expect(view(ws[0]!)).toEqual([
      ['container', 'app', 'spec.template.spec.containers[0]', null, null],
      ['ephemeralContainer', 'debugger-1', 'spec.ephemeralContainers[0]', 'web-1-x', 5],
    ]);
    expect(view(ws[1]!)).toEqual([
      ['container', 'app', 'spec.jobTemplate.spec.template.spec.containers[0]', null, null],
      ['ephemeralContainer', 'debugger-1', 'spec.ephemeralContainers[0]', 'nightly-1-x', null],
    ]);
  });

  it('keeps only the live revision of ReplicaSets whose controller is not in the snapshot (Argo Rollouts keeps old ones at 0 replicas)', () => {
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'ro-uid', controller: true };
    const rs = (name: string, replicas: number, revision: string) => ({
      metadata: { name, namespace: 'a', uid: `${name}-uid`, annotations: { 'rollout.argoproj.io/revision': revision }, ownerReferences: [rollout] },
      spec: { replicas, template: template() },
    });
    const live = resolveWorkloads(snap({ replicaSets: [rs('web-old1', 0, '1'), rs('web-old2', 0, '2'), rs('web-live', 3, '3')] }));
    expect(live.map((w) => `${w.ref.kind}/${w.ref.name}`)).toEqual(['ReplicaSet/web-live']);
    // Scaled to zero altogether: the newest revision stands for the rollout.
    const idle = resolveWorkloads(snap({ replicaSets: [rs('web-r2', 0, '2'), rs('web-r10', 0, '10'), rs('web-r9', 0, '9')] }));
    expect(idle.map((w) => w.ref.name)).toEqual(['web-r10']);
    // ReplicaSets of different owners, or without an owner, are all kept.
    const other = { ...rs('api-live', 0, '1'), metadata: { ...rs('api-live', 0, '1').metadata, ownerReferences: [{ ...rollout, name: 'api', uid: 'api-uid' }] } };
    const bare = { metadata: { name: 'manual', namespace: 'a' }, spec: { replicas: 0, template: template() } };
    expect(resolveWorkloads(snap({ replicaSets: [rs('web-live', 1, '3'), other, bare] })).map((w) => w.ref.name)).toEqual(['web-live', 'api-live', 'manual']);
  });

  it('collapses Pods into their Deployment / CronJob when the ReplicaSet / Job in between is missing (`kubectl get deploy,cronjob,pods`)', () => {
    const debug = { name: 'debugger-1', image: 'busybox:1.36', securityContext: { privileged: true } };
    const ws = resolveWorkloads(
      snap({
        deployments: [{ metadata: { name: 'web', namespace: 'a', uid: 'web-uid' }, spec: { template: template() } }],
        cronJobs: [{ metadata: { name: 'nightly', namespace: 'a', uid: 'cj' }, spec: { jobTemplate: { spec: { template: template() } } } }],
        pods: [
          { metadata: { name: 'web-7d9f8c6b5d-x', namespace: 'a', labels: { 'pod-template-hash': '7d9f8c6b5d' }, ownerReferences: [owner('ReplicaSet', 'web-7d9f8c6b5d')] }, spec: podSpec({ ephemeralContainers: [debug] }) },
          { metadata: { name: 'nightly-28573440-q', namespace: 'a', labels: { 'job-name': 'nightly-28573440' }, ownerReferences: [owner('Job', 'nightly-28573440')] }, spec: podSpec() },
          // A ReplicaSet name that does not end in the pod's template hash is not a Deployment's.
          { metadata: { name: 'web-other-x', namespace: 'a', labels: { 'pod-template-hash': 'abc' }, ownerReferences: [owner('ReplicaSet', 'web-other')] }, spec: podSpec() },
        ],
      }),
    );
    expect(ws.map((w) => `${w.ref.kind}/${w.ref.name}`)).toEqual(['Deployment/web', 'CronJob/nightly', 'Pod/web-other-x']);
    expect(ws[0]!.containers.map((c) => [c.name, c.pod?.name ?? null])).toEqual([
      ['app', null],
      ['debugger-1', 'web-7d9f8c6b5d-x'],
    ]);
  });

  it.each(['StatefulSet', 'DaemonSet', 'ReplicationController'])('collapses pods into their %s', (kind) => {
    const list = { StatefulSet: 'statefulSets', DaemonSet: 'daemonSets', ReplicationController: 'replicationControllers' }[kind] as keyof SnapshotObjects;
    const ws = resolveWorkloads(
      snap({
        [list]: [{ metadata: { name: 'ctl', namespace: 'a', uid: 'ctl-uid' }, spec: { template: template() } }],
        pods: [{ metadata: { name: 'ctl-0', namespace: 'a', ownerReferences: [owner(kind, 'ctl')] }, spec: podSpec() }],
      }),
    );
    expect(ws.map((w) => w.ref.kind)).toEqual([kind]);
  });

  it('matches owners by name when the objects carry no uid (manifests)', () => {
    const ws = resolveWorkloads(
      snap({
        deployments: [{ metadata: { name: 'web' }, spec: { template: template() } }],
        replicaSets: [{ metadata: { name: 'web-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'other', controller: true }] }, spec: { template: template() } }],
      }),
    );
    expect(ws.map((w) => w.ref.kind)).toEqual(['Deployment']);
  });

  it('does not match an owner of the same name in another namespace', () => {
    const ws = resolveWorkloads(
      snap({
        deployments: [{ metadata: { name: 'web', namespace: 'x' }, spec: { template: template() } }],
        replicaSets: [{ metadata: { name: 'web-1', namespace: 'y', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true }] }, spec: { template: template() } }],
      }),
    );
    expect(ws.map((w) => w.ref.kind).sort()).toEqual(['Deployment', 'ReplicaSet']);
  });

  it('keeps objects whose owner is not in the snapshot', () => {
    const ws = resolveWorkloads(
      snap({
        replicaSets: [{ metadata: { name: 'web-1', namespace: 'a', ownerReferences: [owner('Deployment', 'web')] }, spec: { template: template() } }],
        jobs: [{ metadata: { name: 'j', namespace: 'a', ownerReferences: [owner('CronJob', 'gone')] }, spec: { template: template() } }],
        pods: [
          { metadata: { name: 'p1', namespace: 'a', ownerReferences: [owner('ReplicaSet', 'missing')] }, spec: podSpec() },
          { metadata: { name: 'p2', namespace: 'a', ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'r', uid: 'r', controller: true }] }, spec: podSpec() },
        ],
      }),
    );
    expect(ws.map((w) => `${w.ref.kind}/${w.ref.name}`).sort()).toEqual(['Job/j', 'Pod/p1', 'Pod/p2', 'ReplicaSet/web-1']);
  });

  it('keeps static (mirror) pods owned by a Node as workloads', () => {
    const ws = resolveWorkloads(
      snap({
        nodes: [{ metadata: { name: 'node-1', uid: 'node-uid' } }],
        pods: [{ metadata: { name: 'kube-apiserver-node-1', namespace: 'kube-system', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'node-uid', controller: true }] }, spec: podSpec() }],
      }),
    );
    const w = only(ws);
    expect(w.ref.kind).toBe('Pod');
    expect(w.isSystem).toBe(true);
  });

  it('ignores owner references that are not the controller', () => {
    const ws = resolveWorkloads(
      snap({
        replicaSets: [{ metadata: { name: 'rs', namespace: 'a' }, spec: { template: template() } }],
        pods: [{ metadata: { name: 'p', namespace: 'a', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u' }] }, spec: podSpec() }],
      }),
    );
    expect(ws.map((w) => w.ref.kind).sort()).toEqual(['Pod', 'ReplicaSet']);
  });
});

describe('resolveWorkloads: effective securityContext', () => {
  const resolvePod = (spec: Record<string, unknown>, annotations?: Record<string, string>) =>
    only(resolveWorkloads(snap({ pods: [{ metadata: { name: 'p', annotations }, spec }] })));

  it('inherits pod-level fields when the container does not set them', () => {
    const w = resolvePod({
      securityContext: {
        runAsUser: 1000,
        runAsGroup: 2000,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
        seLinuxOptions: { level: 's0:c1' },
        appArmorProfile: { type: 'RuntimeDefault' },
      },
      containers: [{ name: 'app', image: 'a:1' }],
    });
    const c = w.containers[0]!;
    expect(c.securityContext).toEqual({
      runAsUser: 1000,
      runAsGroup: 2000,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      seLinuxOptions: { level: 's0:c1' },
      appArmorProfile: { type: 'RuntimeDefault' },
    });
    expect(c.securityContextPaths.runAsUser).toBe('spec.securityContext.runAsUser');
    expect(c.securityContextPaths.seccompProfile).toBe('spec.securityContext.seccompProfile');
  });

  it('lets the container value win over the pod value', () => {
    const w = resolvePod({
      securityContext: { runAsUser: 1000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image: 'a:1', securityContext: { runAsUser: 0, runAsNonRoot: false, seccompProfile: { type: 'Unconfined' } } }],
    });
    const c = w.containers[0]!;
    expect(c.securityContext.runAsUser).toBe(0);
    expect(c.securityContext.runAsNonRoot).toBe(false);
    expect(c.securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(c.securityContextPaths.runAsUser).toBe('spec.containers[0].securityContext.runAsUser');
  });

  it('takes container-only fields from the container and never from the pod', () => {
    const w = resolvePod({
      // Not valid at pod level; a sloppy manifest must not make every container look hardened.
      securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
      containers: [
        { name: 'a', image: 'a:1', securityContext: { privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, procMount: 'Unmasked' } },
        { name: 'b', image: 'b:1' },
      ],
    });
    const [a, b] = w.containers;
    expect(a!.securityContext).toEqual({ privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, procMount: 'Unmasked' });
    expect(a!.securityContextPaths.capabilities).toBe('spec.containers[0].securityContext.capabilities');
    expect(b!.securityContext).toEqual({});
    expect(b!.securityContextPaths).toEqual({});
  });

  it('applies the pod-level context to init and ephemeral containers too', () => {
    const w = resolvePod({
      securityContext: { runAsUser: 42 },
      initContainers: [{ name: 'i', image: 'i:1' }],
      containers: [{ name: 'c', image: 'c:1' }],
      ephemeralContainers: [{ name: 'e', image: 'e:1', securityContext: { runAsUser: 7 } }],
    });
    expect(w.containers.map((c) => [c.name, c.securityContext.runAsUser, c.securityContextPaths.runAsUser])).toEqual([
      ['i', 42, 'spec.securityContext.runAsUser'],
      ['c', 42, 'spec.securityContext.runAsUser'],
      ['e', 7, 'spec.ephemeralContainers[0].securityContext.runAsUser'],
    ]);
  });

  it('uses template paths for controllers', () => {
    const ws = resolveWorkloads(
      snap({
        cronJobs: [{ metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'x', image: 'x:1' }] } } } } } }],
      }),
    );
    expect(ws[0]!.containers[0]!.securityContextPaths.runAsNonRoot).toBe('spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot');
  });

  it('reads legacy seccomp annotations when the fields are absent', () => {
    const w = resolvePod(
      { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }, { name: 'c', image: 'c:1', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }] },
      {
        'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
        'container.seccomp.security.alpha.kubernetes.io/b': 'localhost/profiles/audit.json',
        'container.seccomp.security.alpha.kubernetes.io/c': 'unconfined',
      },
    );
    const [a, b, c] = w.containers;
    expect(a!.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(a!.securityContextPaths.seccompProfile).toBe("metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']");
    expect(b!.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/audit.json' });
    expect(b!.securityContextPaths.seccompProfile).toBe("metadata.annotations['container.seccomp.security.alpha.kubernetes.io/b']");
    // The field wins over the annotation.
    expect(c!.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  it('prefers the pod seccomp field over the pod annotation, and a container annotation over the pod field', () => {
    const w = resolvePod(
      { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] },
      { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default', 'container.seccomp.security.alpha.kubernetes.io/b': 'docker/default' },
    );
    expect(w.containers[0]!.securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(w.containers[1]!.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  it('reads legacy AppArmor annotations on the pod template', () => {
    const ws = resolveWorkloads(
      snap({
        deployments: [
          {
            metadata: { name: 'd' },
            spec: {
              template: {
                metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/side': 'unconfined' } },
                spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 's:1' }, { name: 'other', image: 'o:1' }] },
              },
            },
          },
        ],
      }),
    );
    const [app, side, other] = ws[0]!.containers;
    expect(app!.securityContext.appArmorProfile).toEqual({ type: 'RuntimeDefault' });
    expect(app!.securityContextPaths.appArmorProfile).toBe("spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/app']");
    expect(side!.securityContext.appArmorProfile).toEqual({ type: 'Unconfined' });
    expect(other!.securityContext.appArmorProfile).toBeUndefined();
  });
});

describe('resolveWorkloads: defaults', () => {
  it('defaults the image pull policy as Kubernetes does, and keeps an explicit one', () => {
    const w = only(
      resolveWorkloads(
        snap({
          pods: [
            {
              metadata: { name: 'p' },
              spec: {
                containers: [
                  { name: 'latest', image: 'nginx:latest' },
                  { name: 'untagged', image: 'nginx' },
                  { name: 'tagged', image: 'nginx:1.27' },
                  { name: 'digest', image: 'nginx@sha256:abc' },
                  { name: 'latest-digest', image: 'nginx:latest@sha256:abc' },
                  { name: 'port', image: 'localhost:5000/app' },
                  { name: 'explicit', image: 'nginx:latest', imagePullPolicy: 'Never' },
                ],
              },
            },
          ],
        }),
      ),
    );
    expect(Object.fromEntries(w.containers.map((c) => [c.name, c.effectiveImagePullPolicy]))).toEqual({
      latest: 'Always',
      untagged: 'Always',
      tagged: 'IfNotPresent',
      digest: 'IfNotPresent',
      'latest-digest': 'Always',
      port: 'Always',
      explicit: 'Never',
    });
  });

  it('defaults the service account to "default" and honours the deprecated serviceAccount field', () => {
    const ws = resolveWorkloads(
      snap({
        pods: [
          { metadata: { name: 'none' }, spec: podSpec() },
          { metadata: { name: 'old' }, spec: podSpec({ serviceAccount: 'legacy' }) },
          { metadata: { name: 'new' }, spec: podSpec({ serviceAccountName: 'modern', serviceAccount: 'legacy' }) },
        ],
      }),
    );
    expect(Object.fromEntries(ws.map((w) => [w.ref.name, w.serviceAccountName]))).toEqual({ none: 'default', old: 'legacy', new: 'modern' });
  });

  it('resolves token automount from the pod, then the ServiceAccount, then true', () => {
    const ws = resolveWorkloads(
      snap({
        serviceAccounts: [
          { metadata: { name: 'quiet', namespace: 'a' }, automountServiceAccountToken: false },
          { metadata: { name: 'unset', namespace: 'a' } },
        ],
        pods: [
          { metadata: { name: 'pod-wins', namespace: 'a' }, spec: podSpec({ serviceAccountName: 'quiet', automountServiceAccountToken: true }) },
          { metadata: { name: 'from-sa', namespace: 'a' }, spec: podSpec({ serviceAccountName: 'quiet' }) },
          { metadata: { name: 'sa-unset', namespace: 'a' }, spec: podSpec({ serviceAccountName: 'unset' }) },
          { metadata: { name: 'other-ns', namespace: 'b' }, spec: podSpec({ serviceAccountName: 'quiet' }) },
        ],
      }),
    );
    expect(Object.fromEntries(ws.map((w) => [w.ref.name, [w.automountServiceAccountToken, w.automountSource]]))).toEqual({
      'pod-wins': [true, 'pod'],
      'from-sa': [false, 'serviceAccount'],
      'sa-unset': [true, 'default'],
      'other-ns': [true, 'default'],
    });
  });

  it('marks workloads in system namespaces', () => {
    const ws = resolveWorkloads(
      snap({
        daemonSets: [
          { metadata: { name: 'kube-proxy', namespace: 'kube-system' }, spec: { template: template() } },
          { metadata: { name: 'agent', namespace: 'monitoring' }, spec: { template: template() } },
        ],
      }),
    );
    expect(Object.fromEntries(ws.map((w) => [w.ref.name, w.isSystem]))).toEqual({ 'kube-proxy': true, agent: false });
  });
});

describe('resolveWorkloads: scale', () => {
  it('resolves 50,000 objects: every Deployment once, its ReplicaSets and Pods folded in', () => {
    const deployments = [];
    const replicaSets = [];
    const pods: V1Pod[] = [];
    for (let i = 0; i < 10_000; i++) {
      const ns = `ns-${i % 200}`;
      deployments.push({ metadata: { name: `d${i}`, namespace: ns, uid: `d${i}` }, spec: { template: template({ securityContext: { runAsNonRoot: true } }) } });
      replicaSets.push({ metadata: { name: `d${i}-rs`, namespace: ns, uid: `rs${i}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `d${i}`, uid: `d${i}`, controller: true }] }, spec: { template: template() } });
      for (let p = 0; p < 3; p++) {
        pods.push({ metadata: { name: `d${i}-rs-${p}`, namespace: ns, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `d${i}-rs`, uid: `rs${i}`, controller: true }] }, spec: podSpec() as V1Pod['spec'] });
      }
    }
    const snapshot = snap({ deployments, replicaSets, pods });
    // Its speed is measured by `npm run bench` (docs/BENCHMARKS.md), not asserted here.
    const ws = resolveWorkloads(snapshot);
    expect(ws).toHaveLength(10_000);
  });
});

describe('image references', () => {
  it('normalises Docker Hub names and splits tag and digest', () => {
    expect(parseImageRef('nginx')).toMatchObject({ registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined });
    expect(parseImageRef('bitnami/redis:7')).toMatchObject({ registry: 'docker.io', repository: 'bitnami/redis', tag: '7' });
    expect(parseImageRef('index.docker.io/nginx:1')).toMatchObject({ registry: 'docker.io', repository: 'library/nginx', tag: '1' });
    const hex64 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(parseImageRef(`ghcr.io/org/app:v1@sha256:${hex64}`)).toMatchObject({ registry: 'ghcr.io', repository: 'org/app', tag: 'v1', digest: `sha256:${hex64}` });
    expect(parseImageRef(`ghcr.io/org/app@sha512:${hex64}${hex64}`)).toMatchObject({ digest: `sha512:${hex64}${hex64}` });
    // Only a well-formed digest (OCI: registered algorithm, lower-case hex of its length) pins; the text after @ is kept apart.
    for (const bad of ['sha256:abc', `sha256:${hex64.toUpperCase()}`, 'latest', `md5:${hex64.slice(0, 32)}`, `sha512:${hex64}`, `sha256:${hex64}0`]) {
      expect(parseImageRef(`ghcr.io/org/app:v1@${bad}`), bad).toMatchObject({ repository: 'org/app', tag: 'v1', digest: undefined, invalidDigest: bad });
    }
    expect(parseImageRef('localhost:5000/app')).toMatchObject({ registry: 'localhost:5000', repository: 'app', tag: undefined });
    expect(parseImageRef('registry.k8s.io/kube-proxy:v1.30.0')).toMatchObject({ registry: 'registry.k8s.io', repository: 'kube-proxy', tag: 'v1.30.0' });
  });

  it('defaults the pull policy from the tag', () => {
    expect(defaultImagePullPolicy('nginx')).toBe('Always');
    expect(defaultImagePullPolicy('nginx:latest')).toBe('Always');
    expect(defaultImagePullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultImagePullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
  });
});

// Keep the YAML import honest: fixtures elsewhere are YAML; make sure a parsed document resolves the same.
describe('resolveWorkloads: YAML input', () => {
  it('resolves a parsed manifest', () => {
    const dep = parse(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: true}
      containers: [{name: app, image: "nginx:1.27"}]
`);
    const w = only(resolveWorkloads(snap({ deployments: [dep] })));
    expect(w.containers[0]!.securityContext.runAsNonRoot).toBe(true);
  });
});
