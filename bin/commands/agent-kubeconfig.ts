/**
 * `rampart agent-kubeconfig`: a least-privilege, read-only scanning identity for a cluster that
 * Rampart scans from outside.
 *
 *   rampart agent-kubeconfig [--namespace NS] [--name NAME] [--with-secrets] [--with-kubelet-config]
 *       prints the manifests (Namespace, ServiceAccount, ClusterRole, ClusterRoleBinding, token
 *       Secret); apply them with a cluster-admin context:  … | kubectl apply -f -
 *
 *   rampart agent-kubeconfig --kubeconfig ADMIN [--context CTX] [--output FILE] [--token-file F]
 *       reads the token the control plane put into the token Secret (or takes a token from
 *       `kubectl create token … --duration=…` via --token-file), takes the API server URL and
 *       CA from the admin context (the CA from the Secret's ca.crt when present), checks that the
 *       identity can connect, and prints (or writes, mode 0600) a kubeconfig for it — paste that
 *       into Rampart's "Register cluster".
 *
 * This command never creates objects itself: `kubectl apply` shows the operator exactly what is
 * granted, and Rampart keeps to read-only API calls.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { abortSignalOptions, credentialsFromKubeconfig, kubeConfigFromCredentials, testConnection } from '../../lib/k8s/connection';
import {
  DEFAULT_SCANNER_NAME,
  DEFAULT_SCANNER_NAMESPACE,
  manifestsToYaml,
  scannerIdentityManifests,
  scannerKubeconfig,
  tokenSecretName,
  type ScannerOptIn,
} from '../../lib/deploy/scanner-rbac';

export interface AgentKubeconfigOptions {
  namespace?: string;
  name?: string;
  withSecrets?: boolean;
  withKubeletConfig?: boolean;
  /** false with --no-token-secret. */
  tokenSecret?: boolean;
  kubeconfig?: string;
  context?: string;
  server?: string;
  tokenFile?: string;
  output?: string;
  /** false with --no-verify. */
  verify?: boolean;
  timeout?: number;
}

export class AgentKubeconfigError extends Error {
  override name = 'AgentKubeconfigError';
}

function optInsOf(opts: AgentKubeconfigOptions): ScannerOptIn[] {
  return [...(opts.withSecrets ? (['secrets-metadata'] as const) : []), ...(opts.withKubeletConfig ? (['kubelet-configz'] as const) : [])];
}

export function agentManifestsYaml(opts: AgentKubeconfigOptions = {}): string {
  const namespace = opts.namespace ?? DEFAULT_SCANNER_NAMESPACE;
  const name = opts.name ?? DEFAULT_SCANNER_NAME;
  const header = [
    `# Rampart read-only scanning identity: ServiceAccount ${namespace}/${name}.`,
    `# Apply with a cluster-admin context:  rampart agent-kubeconfig … | kubectl apply -f -`,
    `# Then:  rampart agent-kubeconfig --kubeconfig <admin kubeconfig> --context <ctx>${opts.namespace ? ` --namespace ${namespace}` : ''}${opts.name ? ` --name ${name}` : ''} --output ${name}.kubeconfig`,
    ...(opts.withSecrets ? [] : ['# Secrets are not listed (add --with-secrets): Secret checks report a coverage gap.']),
    ...(opts.withKubeletConfig ? [] : ['# Kubelet configuration is not read (add --with-kubelet-config): kubelet checks are not applicable.']),
  ];
  const manifests = scannerIdentityManifests({ namespace, name, optIn: optInsOf(opts), tokenSecret: opts.tokenSecret ?? true });
  return `${header.join('\n')}\n${manifestsToYaml(manifests)}`;
}

function loadAdminKubeconfig(file: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw new AgentKubeconfigError(`cannot read kubeconfig ${file}: ${(e as Error).message}`);
  }
  if (context) {
    if (!kc.getContextObject(context)) {
      throw new AgentKubeconfigError(`context "${context}" is not in ${file} (contexts: ${kc.getContexts().map((c) => c.name).join(', ')})`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new AgentKubeconfigError(`${file} has no current context; pass --context.`);
  return kc;
}

function clusterCaPem(kc: KubeConfig): string | undefined {
  const cluster = kc.getCurrentCluster();
  if (cluster?.caData) return Buffer.from(cluster.caData, 'base64').toString('utf8');
  if (cluster?.caFile) return readFileSync(cluster.caFile, 'utf8');
  return undefined;
}

/** Reads the token Secret the control plane filled in: { token, caPem? }. */
async function readTokenSecret(kc: KubeConfig, namespace: string, name: string, timeoutMs: number): Promise<{ token: string; caPem?: string }> {
  const secretName = tokenSecretName(name);
  let secret;
  try {
    secret = await kc.makeApiClient(CoreV1Api).readNamespacedSecret({ name: secretName, namespace }, abortSignalOptions(AbortSignal.timeout(timeoutMs)));
  } catch (e) {
    if (e instanceof ApiException && e.code === 404) {
      throw new AgentKubeconfigError(
        `Secret ${namespace}/${secretName} does not exist: apply the manifests first (rampart agent-kubeconfig${namespace !== DEFAULT_SCANNER_NAMESPACE ? ` --namespace ${namespace}` : ''}${name !== DEFAULT_SCANNER_NAME ? ` --name ${name}` : ''} | kubectl apply -f -), or pass --token-file.`,
      );
    }
    if (e instanceof ApiException && (e.code === 401 || e.code === 403)) {
      throw new AgentKubeconfigError(`the admin context may not read Secret ${namespace}/${secretName} (HTTP ${e.code}): use a cluster-admin context, or pass --token-file.`);
    }
    throw new AgentKubeconfigError(`reading Secret ${namespace}/${secretName} failed: ${(e as Error).message}`);
  }
  const data = secret.data ?? {};
  if (!data.token) {
    throw new AgentKubeconfigError(
      `Secret ${namespace}/${secretName} has no token yet: the control plane fills it in a few seconds after it is created; try again (or pass --token-file).`,
    );
  }
  const token = Buffer.from(data.token, 'base64').toString('utf8');
  const caPem = data['ca.crt'] ? Buffer.from(data['ca.crt'], 'base64').toString('utf8') : undefined;
  return { token, ...(caPem ? { caPem } : {}) };
}

/** Builds (and by default verifies) the scanner kubeconfig from an admin context. */
export async function buildAgentKubeconfig(opts: AgentKubeconfigOptions & { kubeconfig: string }): Promise<string> {
  const namespace = opts.namespace ?? DEFAULT_SCANNER_NAMESPACE;
  const name = opts.name ?? DEFAULT_SCANNER_NAME;
  const timeoutMs = opts.timeout ?? 15_000;
  const admin = loadAdminKubeconfig(opts.kubeconfig, opts.context);
  const adminCluster = admin.getCurrentCluster()!;
  let token: string;
  let caPem = clusterCaPem(admin);
  if (opts.tokenFile) {
    token = (opts.tokenFile === '-' ? readFileSync(0, 'utf8') : readFileSync(opts.tokenFile, 'utf8')).trim();
  } else {
    const fromSecret = await readTokenSecret(admin, namespace, name, timeoutMs);
    token = fromSecret.token;
    caPem = fromSecret.caPem ?? caPem;
  }
  const server = opts.server ?? adminCluster.server;
  let yaml: string;
  try {
    yaml = scannerKubeconfig({
      server,
      token,
      ...(caPem ? { caPem } : {}),
      ...(adminCluster.tlsServerName ? { tlsServerName: adminCluster.tlsServerName } : {}),
      clusterName: adminCluster.name,
      userName: name,
    });
  } catch (e) {
    throw new AgentKubeconfigError((e as Error).message);
  }
  if (opts.verify ?? true) {
    // Exactly what Rampart will do with it: the same validation and KubeConfig construction.
    const { credentials } = credentialsFromKubeconfig(yaml);
    const result = await testConnection(kubeConfigFromCredentials(credentials), { timeoutMs });
    if (!result.ok) throw new AgentKubeconfigError(`the new kubeconfig does not work yet: ${result.message}`);
  }
  return yaml;
}

export function register(program: Command): void {
  program
    .command('agent-kubeconfig')
    .description('Print the RBAC manifests of a read-only scanning identity; with --kubeconfig, print a kubeconfig for it.')
    .option('--namespace <ns>', `namespace of the scanner ServiceAccount (default ${DEFAULT_SCANNER_NAMESPACE})`)
    .option('--name <name>', `name of the ServiceAccount, ClusterRole and binding (default ${DEFAULT_SCANNER_NAME})`)
    .option('--with-secrets', 'also grant list on secrets (Rampart reads metadata only, but RBAC cannot restrict list to metadata)')
    .option('--with-kubelet-config', 'also grant get on nodes/proxy (kubelet /configz for the kubelet checks)')
    .option('--no-token-secret', 'omit the long-lived token Secret (use --token-file with `kubectl create token` instead)')
    .option('--kubeconfig <path>', 'cluster-admin kubeconfig: read the scanner token and print a kubeconfig for the scanner')
    .option('--context <name>', 'context in --kubeconfig (default: current-context)')
    .option('--server <url>', 'API server URL to put in the kubeconfig (default: the admin context\'s)')
    .option('--token-file <file>', 'token of the scanner ServiceAccount (e.g. from `kubectl create token`; - for stdin) instead of the token Secret')
    .option('-o, --output <file>', 'write the kubeconfig to this file (mode 0600) instead of stdout')
    .option('--no-verify', 'do not test the new kubeconfig against the API server')
    .action(async (opts: AgentKubeconfigOptions) => {
      try {
        if (!opts.kubeconfig) {
          if (opts.context || opts.server || opts.tokenFile || opts.output) {
            throw new AgentKubeconfigError('--context, --server, --token-file and --output need --kubeconfig.');
          }
          process.stdout.write(agentManifestsYaml(opts));
          return;
        }
        const yaml = await buildAgentKubeconfig({ ...opts, kubeconfig: opts.kubeconfig });
        if (opts.output) {
          writeFileSync(opts.output, yaml, { mode: 0o600 });
          chmodSync(opts.output, 0o600);
          console.error(`Wrote ${opts.output}: register it in Rampart (Clusters → Register → kubeconfig).`);
        } else {
          process.stdout.write(yaml);
        }
      } catch (error) {
        console.error(`rampart agent-kubeconfig: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    });
}
