import { parseAllDocuments } from 'yaml';
import { makeSnapshot, type SnapshotObjects } from '../../lib/k8s/snapshot';
import { buildRbacModel, rbacArtifactFromSnapshot, type RbacModel } from '../../lib/rbac/explorer';

const KEYS: Record<string, keyof SnapshotObjects> = {
  ServiceAccount: 'serviceAccounts',
  Deployment: 'deployments',
  Pod: 'pods',
  Service: 'services',
  Ingress: 'ingresses',
  Role: 'roles',
  ClusterRole: 'clusterRoles',
  RoleBinding: 'roleBindings',
  ClusterRoleBinding: 'clusterRoleBindings',
};

/** A snapshot from YAML documents (the API's JSON shape). */
export function snapshotOf(text: string) {
  const objects: Partial<Record<keyof SnapshotObjects, unknown[]>> = {};
  for (const doc of parseAllDocuments(text)) {
    const value = doc.toJS() as { kind: string } | null;
    if (!value) continue;
    const key = KEYS[value.kind];
    if (!key) throw new Error(`fixture kind ${value.kind} not mapped`);
    (objects[key] ??= []).push(value);
  }
  return makeSnapshot({ objects: objects as Partial<SnapshotObjects> });
}

/** The model as the explorer builds it: through the stored artifact (JSON round trip). */
export function modelOf(text: string): RbacModel {
  return buildRbacModel(JSON.parse(JSON.stringify(rbacArtifactFromSnapshot(snapshotOf(text)))));
}

export const crb = (name: string, role: string, subjects: string) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects: ${subjects}
`;
export const cr = (name: string, rules: string) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${name} }
rules: ${rules}
`;
export const rb = (ns: string, name: string, roleKind: string, role: string, subjects: string) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { namespace: ${ns}, name: ${name} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role} }
subjects: ${subjects}
`;
export const sa = (ns: string, name: string) => `
apiVersion: v1
kind: ServiceAccount
metadata: { namespace: ${ns}, name: ${name} }
`;
export const deployment = (ns: string, name: string, serviceAccount: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { namespace: ${ns}, name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      serviceAccountName: ${serviceAccount}
      containers: [{ name: main, image: "example.com/${name}:1" }]
`;
export const docs = (...parts: string[]) => parts.join('\n---\n');
