/**
 * The least-privilege scanning identity, as data: the ClusterRole rules Rampart's collector
 * needs (derived from lib/k8s/collect, so a new kind there shows up here), the manifests of a
 * scanner identity for a remote cluster (`rampart agent-kubeconfig`), and the kubeconfig for
 * that identity assembled from its token and the cluster CA.
 *
 * Two grants are opt-in, because Rampart's own checks rate them high:
 *   - `list secrets` — the collector asks for Secret metadata only, but RBAC cannot grant
 *     metadata-only access; `list` would let a stolen token read every Secret value;
 *   - `get nodes/proxy` — kubelet /configz for the kubelet checks; nodes/proxy reaches the
 *     whole kubelet API.
 * Without them the scan records coverage gaps instead (docs/DEPLOYMENT.md "Scanner permissions").
 */
import { stringify as stringifyYaml } from 'yaml';
import { scannerClusterRoleRules } from '../k8s/collect';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export type ScannerOptIn = 'secrets-metadata' | 'kubelet-configz';

/** The rules of each opt-in grant (one ClusterRole each, `rampart-scanner-<name>`). */
export const OPT_IN_RULES: Readonly<Record<ScannerOptIn, PolicyRule>> = {
  'secrets-metadata': { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
  'kubelet-configz': { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
};

const isOptIn = (group: string, resource: string): boolean =>
  Object.values(OPT_IN_RULES).some((r) => r.apiGroups.includes(group) && r.resources.includes(resource));

/** The always-granted rules: everything the collector lists, minus the opt-in grants. */
export function baseScannerRules(): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const rule of scannerClusterRoleRules()) {
    const group = rule.apiGroups[0] ?? '';
    const resources = rule.resources.filter((r) => !isOptIn(group, r));
    if (resources.length > 0) out.push({ apiGroups: [...rule.apiGroups], resources, verbs: [...rule.verbs] });
  }
  return out;
}

/** Every rule the collector can use: base + every opt-in grant (for a complete comparison). */
export function allScannerRules(): PolicyRule[] {
  return scannerClusterRoleRules().map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
}

export interface ScannerIdentityOptions {
  /** Namespace of the ServiceAccount (created). Default "rampart-scanner". */
  namespace?: string;
  /** Name of the ServiceAccount, the ClusterRole and the binding. Default "rampart-scanner". */
  name?: string;
  /** Opt-in grants to add. */
  optIn?: readonly ScannerOptIn[];
  /** Add a long-lived token Secret (kubernetes.io/service-account-token). Default true. */
  tokenSecret?: boolean;
}

export const DEFAULT_SCANNER_NAMESPACE = 'rampart-scanner';
export const DEFAULT_SCANNER_NAME = 'rampart-scanner';

export function tokenSecretName(name: string): string {
  return `${name}-token`;
}

type Manifest = Record<string, unknown>;

const LABELS = { 'app.kubernetes.io/name': 'rampart-scanner', 'app.kubernetes.io/part-of': 'rampart' };

/**
 * The objects of a read-only scanning identity on a cluster Rampart scans remotely: a
 * namespace (Pod Security "restricted"; nothing runs in it), a ServiceAccount that never has
 * its token auto-mounted, the ClusterRole + binding, one ClusterRole + binding per opt-in
 * grant, and (unless disabled) a token Secret the control plane fills in.
 */
export function scannerIdentityManifests(options: ScannerIdentityOptions = {}): Manifest[] {
  const namespace = options.namespace ?? DEFAULT_SCANNER_NAMESPACE;
  const name = options.name ?? DEFAULT_SCANNER_NAME;
  const subject = { kind: 'ServiceAccount', name, namespace };
  const role = (roleName: string, rules: PolicyRule[]): Manifest[] => [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: roleName, labels: LABELS }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: roleName, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [subject],
    },
  ];
  const out: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...LABELS,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
        },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels: LABELS }, automountServiceAccountToken: false },
    ...role(name, baseScannerRules()),
  ];
  for (const optIn of options.optIn ?? []) out.push(...role(`${name}-${optIn}`, [OPT_IN_RULES[optIn]]));
  if (options.tokenSecret ?? true) {
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: tokenSecretName(name), namespace, labels: LABELS, annotations: { 'kubernetes.io/service-account.name': name } },
      type: 'kubernetes.io/service-account-token',
    });
  }
  return out;
}

/** Multi-document YAML of manifests. */
export function manifestsToYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringifyYaml(m, { lineWidth: 0 })).join('---\n');
}

export interface ScannerKubeconfigInput {
  /** https:// URL of the API server. */
  server: string;
  /** PEM of the cluster CA (absent: the system trust store). */
  caPem?: string;
  token: string;
  tlsServerName?: string;
  /** Names in the kubeconfig (default "rampart-scanner@<cluster>"). */
  clusterName?: string;
  userName?: string;
  contextName?: string;
}

/** A kubeconfig for the scanner identity: one cluster (inline CA), one token user, one context. */
export function scannerKubeconfig(input: ScannerKubeconfigInput): string {
  const url = new URL(input.server);
  if (url.protocol !== 'https:') throw new Error(`the API server URL must be https:// (got ${input.server}).`);
  const token = input.token.trim();
  if (!token || /\s/.test(token)) throw new Error('the service-account token is empty or contains whitespace.');
  const clusterName = input.clusterName ?? url.host;
  const userName = input.userName ?? DEFAULT_SCANNER_NAME;
  const contextName = input.contextName ?? `${userName}@${clusterName}`;
  const cluster: Record<string, unknown> = { server: input.server };
  if (input.caPem) cluster['certificate-authority-data'] = Buffer.from(input.caPem).toString('base64');
  if (input.tlsServerName) cluster['tls-server-name'] = input.tlsServerName;
  return stringifyYaml(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: clusterName, cluster }],
      users: [{ name: userName, user: { token } }],
      contexts: [{ name: contextName, context: { cluster: clusterName, user: userName } }],
      'current-context': contextName,
    },
    { lineWidth: 0 },
  );
}
