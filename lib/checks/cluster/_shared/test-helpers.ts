/**
 * Test-only helpers for the cluster / authentication / secrets checks: load YAML
 * fixtures into a ClusterSnapshot (static Pods become `controlPlane` through
 * extractControlPlane, KubeletConfiguration documents become `kubelets` named by
 * metadata.name) and run a check on it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { extractControlPlane } from '../../../k8s/control-plane';
import { makeSnapshot, type ClusterSnapshot, type KubeletInfo, type SnapshotObjects } from '../../../k8s/snapshot';
import { createCheckContext } from '../../context';
import type { Check, CheckResult } from '../../types';

const KIND_TO_KEY: Record<string, keyof SnapshotObjects> = {
  Namespace: 'namespaces',
  Pod: 'pods',
  Deployment: 'deployments',
  StatefulSet: 'statefulSets',
  DaemonSet: 'daemonSets',
  ReplicaSet: 'replicaSets',
  ReplicationController: 'replicationControllers',
  Job: 'jobs',
  CronJob: 'cronJobs',
  Service: 'services',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkPolicies',
  ServiceAccount: 'serviceAccounts',
  Role: 'roles',
  ClusterRole: 'clusterRoles',
  RoleBinding: 'roleBindings',
  ClusterRoleBinding: 'clusterRoleBindings',
  Node: 'nodes',
  ResourceQuota: 'resourceQuotas',
  LimitRange: 'limitRanges',
  ValidatingWebhookConfiguration: 'validatingWebhookConfigurations',
  MutatingWebhookConfiguration: 'mutatingWebhookConfigurations',
  CustomResourceDefinition: 'customResourceDefinitions',
  Secret: 'secrets',
  ConfigMap: 'configMaps',
};

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'Node',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'CustomResourceDefinition',
]);

type Doc = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string }; [k: string]: unknown };

/** Parses YAML documents into a snapshot the way a manifest directory would be loaded. */
export function snapshotFromYaml(texts: string[], extra: { serverVersion?: string } = {}): ClusterSnapshot {
  const objects: Partial<Record<keyof SnapshotObjects, unknown[]>> = {};
  const kubelets: KubeletInfo[] = [];
  const add = (doc: Doc) => {
    if (!doc || typeof doc !== 'object' || !doc.kind) return;
    if (doc.kind === 'List' && Array.isArray(doc.items)) {
      for (const item of doc.items as Doc[]) add(item);
      return;
    }
    if (doc.kind === 'KubeletConfiguration') {
      const { metadata, apiVersion: _v, kind: _k, ...config } = doc;
      kubelets.push({ nodeName: metadata?.name ?? 'node', config });
      return;
    }
    const key = KIND_TO_KEY[doc.kind];
    if (!key) return;
    const metadata = { ...(doc.metadata ?? {}) };
    if (!CLUSTER_SCOPED.has(doc.kind) && !metadata.namespace) metadata.namespace = 'default';
    let obj: unknown = { ...doc, metadata };
    if (doc.kind === 'Secret') obj = { apiVersion: 'v1', kind: 'Secret', metadata, ...(doc.type ? { type: doc.type } : {}) };
    if (doc.kind === 'ConfigMap') {
      const keys = [...Object.keys((doc.data as object) ?? {}), ...Object.keys((doc.binaryData as object) ?? {})];
      obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata, ...(doc.data || doc.binaryData ? { keys } : {}) };
    }
    (objects[key] ??= []).push(obj);
  };
  for (const text of texts) {
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) throw new Error(`invalid fixture YAML: ${document.errors[0].message}`);
      add(document.toJS() as Doc);
    }
  }
  const typed = objects as Partial<SnapshotObjects>;
  return makeSnapshot({
    source: { type: 'manifests', name: 'fixture' },
    serverVersion: extra.serverVersion,
    objects: typed,
    controlPlane: extractControlPlane(typed.pods ?? []),
    kubelets,
  });
}

/** Loads `__fixtures__/<checkId>/<file>` next to a check. */
export function loadFixture(sectionDir: string, checkId: string, ...files: string[]): ClusterSnapshot {
  return snapshotFromYaml(files.map((f) => readFileSync(path.join(sectionDir, '__fixtures__', checkId, f), 'utf8')));
}

export function run(check: Check, snapshot: ClusterSnapshot): CheckResult[] {
  return check.evaluate(createCheckContext(snapshot));
}

export function byStatus(results: CheckResult[], status: CheckResult['status']): CheckResult[] {
  return results.filter((r) => r.status === status);
}
