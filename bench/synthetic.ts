/**
 * Synthetic clusters for the benchmark: a realistic mix of N objects (pods ~60 %, workload
 * controllers, RBAC, services, network policies, config) with controller → ReplicaSet → Pod
 * ownership like a live cluster. Deterministic for a given N.
 */
export interface SyntheticObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid: string; labels?: Record<string, string>; ownerReferences?: unknown[] };
  [field: string]: unknown;
}

const PODS_PER_REPLICASET = 3;

function container(i: number, hardened: boolean): Record<string, unknown> {
  return {
    name: `app-${i % 3}`,
    image: hardened ? `registry.example.com/team/app-${i % 50}@sha256:${'ab'.repeat(32)}` : `nginx:1.${i % 20}`,
    ports: [{ containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    resources: hardened ? { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } } : {},
    securityContext: hardened
      ? { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }
      : { privileged: i % 17 === 0 },
  };
}

function podSpec(i: number): Record<string, unknown> {
  const hardened = i % 4 !== 0;
  return {
    serviceAccountName: hardened ? `sa-${i % 20}` : undefined,
    automountServiceAccountToken: hardened ? false : undefined,
    securityContext: hardened ? { seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 10001 } : undefined,
    hostNetwork: i % 97 === 0 ? true : undefined,
    containers: [container(i, hardened), ...(i % 5 === 0 ? [container(i + 1, hardened)] : [])],
  };
}

export function generateSyntheticCluster(total: number): SyntheticObject[] {
  const objects: SyntheticObject[] = [];
  let uid = 0;
  const nextUid = () => `00000000-0000-4000-8000-${(++uid).toString(16).padStart(12, '0')}`;
  const namespaceCount = Math.max(3, Math.round(total / 500));
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `team-${i}`);
  for (const ns of namespaces) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: nextUid() } });

  // Budget per family, as fractions of the total.
  const podBudget = Math.round(total * 0.6);
  const rbacBudget = Math.round(total * 0.12);
  const serviceBudget = Math.round(total * 0.08);
  const netpolBudget = Math.round(total * 0.03);
  const configBudget = Math.round(total * 0.04);

  // Deployments → ReplicaSets → Pods (most pods), plus StatefulSets, DaemonSets, Jobs.
  let pods = 0;
  let w = 0;
  while (pods < podBudget) {
    const ns = namespaces[w % namespaces.length];
    const name = `svc-${w}`;
    const labels = { app: name };
    const template = { metadata: { labels }, spec: podSpec(w) };
    const kindPick = w % 10;
    if (kindPick < 7) {
      const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, uid: nextUid(), labels }, spec: { replicas: PODS_PER_REPLICASET, selector: { matchLabels: labels }, template } };
      const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${name}-7d9f8`, namespace: ns, uid: nextUid(), labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: dep.metadata.uid, controller: true }] }, spec: { replicas: PODS_PER_REPLICASET, selector: { matchLabels: labels }, template } };
      objects.push(dep, rs);
      for (let p = 0; p < PODS_PER_REPLICASET; p++, pods++) {
        objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${rs.metadata.name}-${p}x`, namespace: ns, uid: nextUid(), labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true }] }, spec: template.spec });
      }
    } else {
      const kind = kindPick === 7 ? 'StatefulSet' : kindPick === 8 ? 'DaemonSet' : 'Job';
      const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
      const owner = { apiVersion, kind, metadata: { name, namespace: ns, uid: nextUid(), labels }, spec: { selector: { matchLabels: labels }, template } };
      objects.push(owner);
      for (let p = 0; p < 2; p++, pods++) {
        objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-${p}`, namespace: ns, uid: nextUid(), labels, ownerReferences: [{ apiVersion, kind, name, uid: owner.metadata.uid, controller: true }] }, spec: template.spec });
      }
    }
    w++;
  }

  for (let i = 0; i < rbacBudget; i++) {
    const ns = namespaces[i % namespaces.length];
    const pick = i % 6;
    if (pick === 0) objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `sa-${i}`, namespace: ns, uid: nextUid() } });
    else if (pick === 1)
      objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: `role-${i}`, namespace: ns, uid: nextUid() }, rules: [{ apiGroups: [''], resources: i % 7 === 0 ? ['secrets'] : ['configmaps', 'pods'], verbs: ['get', 'list'] }] });
    else if (pick === 2)
      objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `rb-${i}`, namespace: ns, uid: nextUid() }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `role-${i - 1}` }, subjects: [{ kind: 'ServiceAccount', name: `sa-${i - 2}`, namespace: ns }] });
    else if (pick === 3)
      objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `cr-${i}`, uid: nextUid() }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: i % 11 === 0 ? ['*'] : ['get', 'list', 'watch'] }] });
    else if (pick === 4)
      objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `crb-${i}`, uid: nextUid() }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `cr-${i - 1}` }, subjects: [{ kind: 'User', name: `user-${i % 40}@example.com`, apiGroup: 'rbac.authorization.k8s.io' }] });
    else objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `rb-view-${i}`, namespace: ns, uid: nextUid() }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: `team-${i % 10}`, apiGroup: 'rbac.authorization.k8s.io' }] });
  }

  for (let i = 0; i < serviceBudget; i++) {
    const ns = namespaces[i % namespaces.length];
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: ns, uid: nextUid() }, spec: { type: i % 25 === 0 ? 'LoadBalancer' : 'ClusterIP', selector: { app: `svc-${i}` }, ports: [{ port: 80, targetPort: 8080 }] } });
  }
  for (let i = 0; i < netpolBudget; i++) {
    const ns = namespaces[i % namespaces.length];
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np-${i}`, namespace: ns, uid: nextUid() }, spec: { podSelector: i % 2 === 0 ? {} : { matchLabels: { app: `svc-${i}` } }, policyTypes: ['Ingress'] } });
  }
  for (let i = 0; i < configBudget; i++) {
    const ns = namespaces[i % namespaces.length];
    if (i % 2 === 0) objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: ns, uid: nextUid() }, data: { 'app.properties': 'a=b', ...(i % 10 === 0 ? { db_password: 'x' } : {}) } });
    else objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `secret-${i}`, namespace: ns, uid: nextUid() }, type: 'Opaque', data: { token: 'c3ludGhldGlj' } });
  }
  // Fill up to exactly `total` with more Services.
  let extra = 0;
  while (objects.length < total) {
    const ns = namespaces[extra % namespaces.length];
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `fill-${extra++}`, namespace: ns, uid: nextUid() }, spec: { type: 'ClusterIP', ports: [{ port: 80 }] } });
  }
  return objects.slice(0, total);
}
