/**
 * Client presentations of a running kube-sim: a kubeconfig (cluster with
 * certificate-authority-data, user with a bearer token, one context) and the files a pod
 * sees under /var/run/secrets/kubernetes.io/serviceaccount for in-cluster configuration.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** Bearer token of the user (default: the admin token). */
  token?: string;
  /** Context name (default "demo"). */
  contextName?: string;
  clusterName?: string;
  userName?: string;
  /** Default namespace of the context. */
  namespace?: string;
}

export function buildKubeconfig(server: string, caPem: string, token: string, opts: Omit<KubeconfigOptions, 'token'> = {}): string {
  const contextName = opts.contextName ?? 'demo';
  const clusterName = opts.clusterName ?? 'kube-sim';
  const userName = opts.userName ?? `${contextName}-user`;
  const context: Record<string, string> = { cluster: clusterName, user: userName };
  if (opts.namespace) context.namespace = opts.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: clusterName, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: userName, user: { token } }],
    contexts: [{ name: contextName, context }],
    'current-context': contextName,
  });
}

/** Writes a file readable only by its owner (it holds a credential), creating parent folders. */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content, { mode: 0o600 });
}

export const SERVICE_ACCOUNT_SUBPATH = 'var/run/secrets/kubernetes.io/serviceaccount';

export interface ServiceAccountFiles {
  /** Prefix to give `KubeConfig.loadFromCluster(pathPrefix)`. */
  pathPrefix: string;
  /** The directory holding token, ca.crt and namespace. */
  dir: string;
  /** Environment an in-cluster client expects. */
  env: { KUBERNETES_SERVICE_HOST: string; KUBERNETES_SERVICE_PORT: string };
}

/**
 * Writes `<root>/var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace}` so that
 * `loadFromCluster(root)` with the returned env reaches the simulator as a pod would.
 */
export async function writeServiceAccountFiles(
  root: string,
  server: { host: string; port: number; caPem: string },
  token: string,
  namespace = 'default',
): Promise<ServiceAccountFiles> {
  const dir = path.join(root, SERVICE_ACCOUNT_SUBPATH);
  await writePrivateFile(path.join(dir, 'token'), token);
  await writeFile(path.join(dir, 'ca.crt'), server.caPem);
  await writeFile(path.join(dir, 'namespace'), namespace);
  return {
    pathPrefix: root.replace(/\/+$/, ''),
    dir,
    env: { KUBERNETES_SERVICE_HOST: server.host, KUBERNETES_SERVICE_PORT: String(server.port) },
  };
}
