/**
 * Workloads defined by custom resources (Argo Rollouts `Rollout`, OpenShift `DeploymentConfig`),
 * loaded through the real loaders: they are workloads like a Deployment, and the ReplicaSets /
 * ReplicationControllers / Pods their controllers create fold into them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCheckContext } from '@/lib/checks/context';
import { check as privilegedContainer } from '@/lib/checks/workloads/privileged-container';
import { loadDump, loadManifests, SnapshotBuilder } from './load';
import { resolveWorkloads, type Workload } from './pod-spec';

function writeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-crw-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const refs = (ws: Workload[]): string[] => ws.map((w) => `${w.ref.apiVersion} ${w.ref.kind} ${w.namespace}/${w.ref.name}`).sort();

const container = (image: string, privileged = false) => ({ name: 'app', image, ...(privileged ? { securityContext: { privileged: true } } : {}) });
const podTemplate = (labels: Record<string, string>, image: string, privileged = false) => ({ metadata: { labels }, spec: { containers: [container(image, privileged)] } });
const controller = (apiVersion: string, kind: string, name: string, uid: string) => [{ apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true }];

describe('Argo Rollouts Rollout', () => {
  it('is a workload with its own template (manifests)', () => {
    const dir = writeDir({
      'rollout.yaml': [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'metadata: {name: checkout, namespace: shop}',
        'spec:',
        '  replicas: 3',
        '  selector: {matchLabels: {app: checkout}}',
        '  strategy: {canary: {steps: [{setWeight: 20}]}}',
        '  template:',
        '    metadata: {labels: {app: checkout}}',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          image: registry.example.com/checkout:2.1',
        '          securityContext: {privileged: true}',
        '',
      ].join('\n'),
    });
    const res = loadManifests(dir);
    expect(res.errors).toEqual([]);
    expect(res.ignoredKinds.size).toBe(0);
    const w = resolveWorkloads(res.snapshot);
    expect(refs(w)).toEqual(['argoproj.io/v1alpha1 Rollout shop/checkout']);
    expect(w[0]!.podSpecPath).toBe('spec.template.spec');
    expect(w[0]!.containers.map((c) => c.path)).toEqual(['spec.template.spec.containers[0]']);
    expect(w[0]!.podMetadata.labels).toEqual({ app: 'checkout' });
    const results = [...privilegedContainer.evaluate(createCheckContext(res.snapshot))].filter((r) => r.status === 'fail');
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.path])).toEqual([['Rollout', 'checkout', 'spec.template.spec.containers[0].securityContext.privileged']]);
  });

  it('folds its ReplicaSets (every revision) and their Pods into the Rollout (dump of a live cluster)', () => {
    const rolloutUid = 'uid-rollout-checkout';
    const rs = (hash: string, replicas: number, revision: string) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `checkout-${hash}`,
        namespace: 'shop',
        uid: `uid-rs-${hash}`,
        labels: { app: 'checkout', 'rollouts-pod-template-hash': hash },
        annotations: { 'rollout.argoproj.io/revision': revision },
        ownerReferences: controller('argoproj.io/v1alpha1', 'Rollout', 'checkout', rolloutUid),
      },
      spec: { replicas, template: podTemplate({ app: 'checkout', 'rollouts-pod-template-hash': hash }, `registry.example.com/checkout:${revision}`) },
      status: { replicas },
    });
    const pod = (hash: string, suffix: string, ownerPresent: boolean) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `checkout-${hash}-${suffix}`,
        namespace: 'shop',
        labels: { app: 'checkout', 'rollouts-pod-template-hash': hash },
        ownerReferences: controller('apps/v1', 'ReplicaSet', `checkout-${hash}`, ownerPresent ? `uid-rs-${hash}` : `uid-gone-${hash}`),
      },
      spec: { containers: [container('registry.example.com/checkout:2')] },
    });
    const dump = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          metadata: { name: 'checkout', namespace: 'shop', uid: rolloutUid },
          spec: { selector: { matchLabels: { app: 'checkout' } }, template: podTemplate({ app: 'checkout' }, 'registry.example.com/checkout:2') },
        },
        rs('6d5f7c9b8', 0, '1'),
        rs('7c4b9d6f5', 3, '2'),
        pod('7c4b9d6f5', 'abcde', true),
        pod('7c4b9d6f5', 'fghij', true),
        // Its ReplicaSet is not in the dump: the hash label and `<rollout>-<hash>` still name the Rollout.
        pod('5b8c7d6e4', 'klmno', false),
      ],
    };
    const dir = writeDir({ 'cluster.json': JSON.stringify(dump) });
    const res = loadDump(path.join(dir, 'cluster.json'));
    expect(res.errors).toEqual([]);
    expect(res.snapshot.objects.rollouts.map((r) => r.metadata.name)).toEqual(['checkout']);
    expect(refs(resolveWorkloads(res.snapshot))).toEqual(['argoproj.io/v1alpha1 Rollout shop/checkout']);
  });

  it('attaches a debug container of a Rollout pod to the Rollout', () => {
    const b = new SnapshotBuilder();
    b.add({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'api', namespace: 'x', uid: 'r1' }, spec: { template: podTemplate({ app: 'api' }, 'api:1') } });
    b.add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'api-abc12', namespace: 'x', uid: 'rs1', ownerReferences: controller('argoproj.io/v1alpha1', 'Rollout', 'api', 'r1') },
      spec: { replicas: 1, template: podTemplate({ app: 'api' }, 'api:1') },
    });
    b.add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api-abc12-q', namespace: 'x', ownerReferences: controller('apps/v1', 'ReplicaSet', 'api-abc12', 'rs1') },
      spec: { containers: [container('api:1')], ephemeralContainers: [{ name: 'debugger', image: 'busybox' }] },
    });
    const ws = resolveWorkloads(b.build({ type: 'dump', name: 't' }));
    expect(refs(ws)).toEqual(['argoproj.io/v1alpha1 Rollout x/api']);
    expect(ws[0]!.containers.map((c) => `${c.kind}:${c.name}:${c.pod?.name ?? ''}`)).toEqual(['container:app:', 'ephemeralContainer:debugger:api-abc12-q']);
  });
});

describe('Argo Rollouts Rollout with workloadRef', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'payments', namespace: 'shop', uid: 'uid-deploy-payments' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'payments' } }, template: podTemplate({ app: 'payments' }, 'registry.example.com/payments:3', true) },
  };
  const rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'payments-ro', namespace: 'shop', uid: 'uid-ro-payments' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'payments' } },
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments', scaleDown: 'onsuccess' },
      strategy: { canary: { steps: [{ setWeight: 50 }] } },
    },
  };
  // What the Argo controller creates from the referenced template: a ReplicaSet owned by the Rollout.
  const rolloutRs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'payments-ro-84f9c6d7b',
      namespace: 'shop',
      uid: 'uid-rs-ro',
      labels: { app: 'payments', 'rollouts-pod-template-hash': '84f9c6d7b' },
      ownerReferences: controller('argoproj.io/v1alpha1', 'Rollout', 'payments-ro', 'uid-ro-payments'),
    },
    spec: { replicas: 4, template: podTemplate({ app: 'payments', 'rollouts-pod-template-hash': '84f9c6d7b' }, 'registry.example.com/payments:3', true) },
    status: { replicas: 4 },
  };
  // The Deployment's own ReplicaSet, scaled down to 0 by the Rollout (scaleDown: onsuccess).
  const deploymentRs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'payments-5c7d8f9b6',
      namespace: 'shop',
      uid: 'uid-rs-deploy',
      labels: { app: 'payments', 'pod-template-hash': '5c7d8f9b6' },
      ownerReferences: controller('apps/v1', 'Deployment', 'payments', 'uid-deploy-payments'),
    },
    spec: { replicas: 0, template: podTemplate({ app: 'payments', 'pod-template-hash': '5c7d8f9b6' }, 'registry.example.com/payments:3', true) },
    status: { replicas: 0 },
  };
  const rolloutPod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'payments-ro-84f9c6d7b-x1',
      namespace: 'shop',
      labels: { app: 'payments', 'rollouts-pod-template-hash': '84f9c6d7b' },
      ownerReferences: controller('apps/v1', 'ReplicaSet', 'payments-ro-84f9c6d7b', 'uid-rs-ro'),
    },
    spec: { containers: [container('registry.example.com/payments:3', true)] },
  };

  it('is one workload, the referenced Deployment (whose template the user edits), with one finding', () => {
    const dir = writeDir({ 'cluster.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment, rollout, rolloutRs, deploymentRs, rolloutPod] }) });
    const res = loadDump(path.join(dir, 'cluster.json'));
    const ws = resolveWorkloads(res.snapshot);
    expect(refs(ws)).toEqual(['apps/v1 Deployment shop/payments']);
    // The result says which Rollout runs this template.
    expect(ws[0]!.runBy).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', namespace: 'shop', name: 'payments-ro' }]);
    const fails = [...privilegedContainer.evaluate(createCheckContext(res.snapshot))].filter((r) => r.status === 'fail');
    expect(fails.map((r) => [r.resource.kind, r.resource.name, r.path])).toEqual([['Deployment', 'payments', 'spec.template.spec.containers[0].securityContext.privileged']]);
    expect(fails[0]!.evidence?.runBy).toEqual(['Rollout shop/payments-ro']);
    expect(fails[0]!.patch?.body).toContain('template:');
  });

  it('in manifests alone (no ReplicaSets), the Rollout adds no second finding', () => {
    const dir = writeDir({
      'deploy.json': JSON.stringify(deployment),
      'rollout.json': JSON.stringify(rollout),
    });
    const res = loadManifests(dir);
    expect(refs(resolveWorkloads(res.snapshot))).toEqual(['apps/v1 Deployment shop/payments']);
    expect([...privilegedContainer.evaluate(createCheckContext(res.snapshot))].filter((r) => r.status === 'fail')).toHaveLength(1);
  });

  it('folds Pods whose ReplicaSet is missing into the referenced Deployment', () => {
    const orphan = { ...rolloutPod, metadata: { ...rolloutPod.metadata, ownerReferences: controller('apps/v1', 'ReplicaSet', 'payments-ro-84f9c6d7b', 'uid-gone') } };
    const b = new SnapshotBuilder();
    for (const o of [structuredClone(deployment), structuredClone(rollout), structuredClone(orphan)]) b.add(o);
    expect(refs(resolveWorkloads(b.build({ type: 'dump', name: 't' })))).toEqual(['apps/v1 Deployment shop/payments']);
  });

  it('never invents a template when the referenced Deployment is not in the source', () => {
    const dir = writeDir({ 'rollout.json': JSON.stringify(rollout) });
    const ws = resolveWorkloads(loadManifests(dir).snapshot);
    expect(ws).toEqual([]);
  });
});

describe('OpenShift DeploymentConfig', () => {
  const dcUid = 'uid-dc-web';
  const dc = {
    apiVersion: 'apps.openshift.io/v1',
    kind: 'DeploymentConfig',
    metadata: { name: 'web', namespace: 'legacy', uid: dcUid },
    spec: { replicas: 2, selector: { app: 'web' }, template: podTemplate({ app: 'web', deploymentconfig: 'web' }, 'image-registry.openshift-image-registry.svc:5000/legacy/web:latest', true) },
  };
  const rc = (version: number, replicas: number) => ({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: {
      name: `web-${version}`,
      namespace: 'legacy',
      uid: `uid-rc-${version}`,
      annotations: { 'openshift.io/deployment-config.name': 'web', 'openshift.io/deployment-config.latest-version': String(version) },
      ownerReferences: controller('apps.openshift.io/v1', 'DeploymentConfig', 'web', dcUid),
    },
    spec: { replicas, template: podTemplate({ app: 'web', deployment: `web-${version}`, deploymentconfig: 'web' }, 'image-registry.openshift-image-registry.svc:5000/legacy/web@sha256:' + 'a'.repeat(64), true) },
    status: { replicas },
  });
  const pod = (rcName: string, suffix: string, rcUid: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rcName}-${suffix}`,
      namespace: 'legacy',
      labels: { app: 'web', deployment: rcName, deploymentconfig: 'web' },
      annotations: { 'openshift.io/deployment-config.name': 'web' },
      ownerReferences: controller('v1', 'ReplicationController', rcName, rcUid),
    },
    spec: { containers: [container('web@sha256:' + 'a'.repeat(64), true)] },
  });

  it('is a workload with its own template (manifests)', () => {
    const dir = writeDir({ 'dc.json': JSON.stringify(dc) });
    const res = loadManifests(dir);
    expect(res.ignoredKinds.size).toBe(0);
    const ws = resolveWorkloads(res.snapshot);
    expect(refs(ws)).toEqual(['apps.openshift.io/v1 DeploymentConfig legacy/web']);
    expect(ws[0]!.containers[0]!.path).toBe('spec.template.spec.containers[0]');
  });

  it('folds its ReplicationControllers and their Pods into it, and one mistake is one finding', () => {
    const items = [dc, rc(1, 0), rc(2, 0), rc(3, 2), pod('web-3', 'a1b2c', 'uid-rc-3'), pod('web-3', 'd3e4f', 'uid-rc-3'), pod('web-4', 'zzzzz', 'uid-rc-4-not-listed')];
    const dir = writeDir({ 'cluster.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
    const res = loadDump(path.join(dir, 'cluster.json'));
    expect(res.snapshot.objects.deploymentConfigs.map((d) => d.metadata.name)).toEqual(['web']);
    expect(refs(resolveWorkloads(res.snapshot))).toEqual(['apps.openshift.io/v1 DeploymentConfig legacy/web']);
    const fails = [...privilegedContainer.evaluate(createCheckContext(res.snapshot))].filter((r) => r.status === 'fail');
    expect(fails.map((r) => `${r.resource.kind}/${r.resource.name}`)).toEqual(['DeploymentConfig/web']);
  });

  it('without the DeploymentConfig in the source, its old (scaled-down) versions do not repeat the findings', () => {
    const dir = writeDir({ 'cluster.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [rc(1, 0), rc(2, 0), rc(3, 2)] }) });
    expect(refs(resolveWorkloads(loadDump(path.join(dir, 'cluster.json')).snapshot))).toEqual(['v1 ReplicationController legacy/web-3']);
  });
});
