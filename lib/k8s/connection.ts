/**
 * connect — the first stage of the pipeline (docs/ARCHITECTURE.md): turns what a user pasted (a kubeconfig,
 * or an API URL + bearer token + CA bundle) into stored credentials, and stored credentials into a
 * `KubeConfig` from @kubernetes/client-node; tests a connection with precise, actionable errors.
 *
 * Security decisions (read before changing):
 * - **Exec credential plugins and auth-provider entries are always rejected**, even when the
 *   command exists on the Rampart server. A pasted kubeconfig is untrusted input: `exec.command`
 *   would run an arbitrary program on the server (remote code execution by anyone allowed to
 *   register a cluster), and even a benign `aws`/`gcloud`/`kubelogin` would authenticate with the
 *   *server's* cloud identity rather than the user's (a confused deputy). Users register a
 *   service-account token instead.
 * - **File references are rejected** (`certificate-authority`, `client-certificate`, `client-key`,
 *   `tokenFile`/`token-file`): the server must never read its own local files on behalf of a user.
 *   Only inline `*-data` fields and inline tokens are accepted.
 * - Only `https://` servers are accepted: a bearer token must never cross the network in clear.
 * - A stored kubeconfig is *minimised*: exactly the chosen context, its cluster and its user, with
 *   only the fields Rampart understands. The `KubeConfig` is then built with `loadFromOptions`
 *   from those parsed fields (never `loadFromString` of user text), so no file path, exec block
 *   or proxy setting can slip through to the client library.
 * - In-cluster registration reads the pod's own service-account token: that is the operator's
 *   deliberate choice of the server's identity, not a user-supplied path.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  VersionApi,
  Observable,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';

// ---------------------------------------------------------------------------------------------
// Errors

export type KubeconfigErrorCode =
  | 'empty'
  | 'malformed-yaml'
  | 'not-a-kubeconfig'
  | 'no-clusters'
  | 'no-users'
  | 'no-contexts'
  | 'context-not-found'
  | 'cluster-not-found'
  | 'user-not-found'
  | 'exec-plugin'
  | 'auth-provider'
  | 'file-reference'
  | 'invalid-server'
  | 'invalid-certificate'
  | 'no-credentials'
  | 'unsupported'
  | 'insecure-tls'
  | 'not-in-cluster'
  | 'agent-cluster';

/** A kubeconfig or credential Rampart cannot use; `message` says why and what to do. Never holds secrets. */
export class KubeconfigError extends Error {
  readonly code: KubeconfigErrorCode;
  constructor(code: KubeconfigErrorCode, message: string) {
    super(message);
    this.name = 'KubeconfigError';
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Stored credentials (the plaintext that lib/clusters encrypts into ONE column)

export type ClusterCredentials =
  | {
      authType: 'kubeconfig';
      /** Context name inside `kubeconfig`. */
      context: string;
      /** Minimised kubeconfig YAML: one context, one cluster, one user; inline data only. */
      kubeconfig: string;
    }
  | {
      authType: 'token';
      server: string;
      token: string;
      /** PEM bundle of the CA(s) that sign the API server's certificate; absent = system trust store. */
      caPem?: string;
      tlsServerName?: string;
    }
  | { authType: 'in_cluster' }
  | { authType: 'agent' };

export type UserAuthKind = 'token' | 'client-certificate' | 'basic' | 'exec' | 'auth-provider' | 'token-file' | 'none';

/** One context of a parsed kubeconfig, as the context picker shows it. Never carries secrets. */
export interface KubeconfigContextInfo {
  name: string;
  cluster: string;
  user: string;
  /** API server URL ('' when the cluster entry is missing). */
  server: string;
  namespace?: string;
  authKind: UserAuthKind;
  insecureSkipTlsVerify: boolean;
  /** Why Rampart cannot use this context; undefined when it can. */
  problem?: { code: KubeconfigErrorCode; message: string };
}

export interface ParsedKubeconfig {
  contexts: KubeconfigContextInfo[];
  currentContext?: string;
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Dict = Record<string, unknown>;

interface RawCluster {
  server: string;
  caPem?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  fileRefs: string[];
  other: string[];
}

interface RawUser {
  token?: string;
  certPem?: string;
  keyPem?: string;
  username?: string;
  password?: string;
  exec?: { command: string };
  authProvider?: { name: string };
  fileRefs: string[];
  impersonate: boolean;
}

interface RawConfig {
  clusters: Map<string, RawCluster>;
  users: Map<string, RawUser>;
  contexts: Map<string, { cluster: string; user: string; namespace?: string }>;
  currentContext?: string;
}

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

const MAX_KUBECONFIG_BYTES = 1024 * 1024;

/** Decodes a `*-data` field: base64 of a PEM document. Returns the PEM text. */
function decodePemData(field: string, value: unknown, where: string, marker: RegExp): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(value)) {
    throw new KubeconfigError('invalid-certificate', `${where}: ${field} is not base64 data; it must be the base64 encoding of a PEM file.`);
  }
  const pem = Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!marker.test(pem)) {
    throw new KubeconfigError('invalid-certificate', `${where}: ${field} does not decode to a PEM ${marker === CERT_MARKER ? 'certificate' : 'private key'}.`);
  }
  return pem;
}

const CERT_MARKER = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const KEY_MARKER = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/;

function namedList(doc: Dict, key: 'clusters' | 'users' | 'contexts', inner: 'cluster' | 'user' | 'context'): Map<string, Dict> {
  const list = doc[key];
  const out = new Map<string, Dict>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw new KubeconfigError('not-a-kubeconfig', `"${key}" must be a list.`);
  list.forEach((entry, i) => {
    if (!isDict(entry)) throw new KubeconfigError('not-a-kubeconfig', `${key}[${i}] is not a mapping.`);
    const name = str(entry.name);
    if (!name) throw new KubeconfigError('not-a-kubeconfig', `${key}[${i}] has no name.`);
    if (out.has(name)) throw new KubeconfigError('not-a-kubeconfig', `${key} has two entries named "${name}".`);
    const body = entry[inner];
    out.set(name, isDict(body) ? body : {});
  });
  return out;
}

function readConfig(text: string): RawConfig {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new KubeconfigError('empty', 'The kubeconfig is empty: upload the file or paste its contents.');
  }
  if (Buffer.byteLength(text) > MAX_KUBECONFIG_BYTES) {
    throw new KubeconfigError('not-a-kubeconfig', 'The kubeconfig is larger than 1 MiB; that is not a kubeconfig.');
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 50, uniqueKeys: false });
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    const reason = err instanceof YAMLParseError ? err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') : 'invalid YAML';
    throw new KubeconfigError('malformed-yaml', `The kubeconfig is not valid YAML${where}: ${reason}. Paste the whole file exactly as kubectl wrote it.`);
  }
  if (!isDict(doc)) {
    throw new KubeconfigError('not-a-kubeconfig', 'This is not a kubeconfig: expected a YAML mapping with clusters, users and contexts.');
  }
  if (doc.kind !== undefined && doc.kind !== 'Config') {
    throw new KubeconfigError('not-a-kubeconfig', `This is a Kubernetes "${String(doc.kind)}" document, not a kubeconfig (kind: Config).`);
  }

  const clusters = new Map<string, RawCluster>();
  for (const [name, c] of namedList(doc, 'clusters', 'cluster')) {
    const fileRefs = ['certificate-authority'].filter((k) => c[k] !== undefined && c[k] !== '');
    const where = `cluster "${name}"`;
    clusters.set(name, {
      server: typeof c.server === 'string' ? c.server.trim() : '',
      caPem: c['certificate-authority-data'] ? decodePemData('certificate-authority-data', c['certificate-authority-data'], where, CERT_MARKER) : undefined,
      insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
      tlsServerName: str(c['tls-server-name']),
      fileRefs,
      other: ['proxy-url'].filter((k) => c[k] !== undefined && c[k] !== ''),
    });
  }
  const users = new Map<string, RawUser>();
  for (const [name, u] of namedList(doc, 'users', 'user')) {
    const where = `user "${name}"`;
    const fileRefs = ['client-certificate', 'client-key', 'tokenFile', 'token-file'].filter((k) => u[k] !== undefined && u[k] !== '');
    const exec = isDict(u.exec) ? { command: str(u.exec.command) ?? '(no command)' } : undefined;
    const authProvider = isDict(u['auth-provider']) ? { name: str(u['auth-provider'].name) ?? 'unknown' } : undefined;
    users.set(name, {
      token: str(u.token),
      certPem: u['client-certificate-data'] ? decodePemData('client-certificate-data', u['client-certificate-data'], where, CERT_MARKER) : undefined,
      keyPem: u['client-key-data'] ? decodePemData('client-key-data', u['client-key-data'], where, KEY_MARKER) : undefined,
      username: str(u.username),
      password: str(u.password),
      exec,
      authProvider,
      fileRefs,
      impersonate: u.as !== undefined || u['as-groups'] !== undefined,
    });
  }
  const contexts = new Map<string, { cluster: string; user: string; namespace?: string }>();
  for (const [name, c] of namedList(doc, 'contexts', 'context')) {
    contexts.set(name, { cluster: str(c.cluster) ?? '', user: str(c.user) ?? '', namespace: str(c.namespace) });
  }

  if (clusters.size === 0) throw new KubeconfigError('no-clusters', 'The kubeconfig has no clusters: it needs a "clusters" entry with the API server address.');
  if (users.size === 0) throw new KubeconfigError('no-users', 'The kubeconfig has no users: it needs a "users" entry with the credentials.');
  if (contexts.size === 0) throw new KubeconfigError('no-contexts', 'The kubeconfig has no contexts: it needs a "contexts" entry joining a cluster and a user.');
  return { clusters, users, contexts, currentContext: str(doc['current-context']) };
}

function authKindOf(u: RawUser | undefined): UserAuthKind {
  if (!u) return 'none';
  if (u.exec) return 'exec';
  if (u.authProvider) return 'auth-provider';
  if (u.token) return 'token';
  if (u.certPem || u.keyPem) return 'client-certificate';
  if (u.username && u.password) return 'basic';
  if (u.fileRefs.includes('tokenFile') || u.fileRefs.includes('token-file')) return 'token-file';
  if (u.fileRefs.length > 0) return 'client-certificate';
  return 'none';
}

const TOKEN_ADVICE =
  'create a service-account token kubeconfig with `rampart agent-kubeconfig` (or `kubectl create token <service-account> --duration=8760h`) and paste that, or use "API URL + token"';

/** Throws a KubeconfigError when the server URL is unusable. */
export function validateServerUrl(server: string, where = 'The API server URL'): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new KubeconfigError('invalid-server', `${where} "${server}" is not a valid URL; it should look like https://api.example.com:6443.`);
  }
  if (url.protocol !== 'https:') {
    throw new KubeconfigError(
      'invalid-server',
      `${where} "${server}" uses ${url.protocol.replace(':', '')}; Rampart only connects over https:// so credentials never cross the network in clear.`,
    );
  }
  if (url.username || url.password) {
    throw new KubeconfigError('invalid-server', `${where} must not contain a user name or password.`);
  }
  return url;
}

/** Why this context cannot be used (first problem found), or undefined. */
function contextProblem(raw: RawConfig, name: string): KubeconfigError | undefined {
  const ctx = raw.contexts.get(name);
  if (!ctx) return new KubeconfigError('context-not-found', `Context "${name}" is not in this kubeconfig; pick one of: ${[...raw.contexts.keys()].join(', ')}.`);
  const cluster = raw.clusters.get(ctx.cluster);
  if (!cluster) return new KubeconfigError('cluster-not-found', `Context "${name}" refers to cluster "${ctx.cluster}", which is not in the kubeconfig's clusters.`);
  const user = raw.users.get(ctx.user);
  if (!user) return new KubeconfigError('user-not-found', `Context "${name}" refers to user "${ctx.user}", which is not in the kubeconfig's users.`);
  if (user.exec) {
    const cmd = path.basename(user.exec.command);
    return new KubeconfigError(
      'exec-plugin',
      `This kubeconfig runs \`${cmd}\` to get a token, which cannot run on the Rampart server (Rampart never executes commands from a kubeconfig); ${TOKEN_ADVICE}.`,
    );
  }
  if (user.authProvider) {
    return new KubeconfigError(
      'auth-provider',
      `This kubeconfig uses the "${user.authProvider.name}" auth-provider, which gets tokens on your workstation and cannot run on the Rampart server; ${TOKEN_ADVICE}.`,
    );
  }
  const fileRefs = [...cluster.fileRefs.map((k) => `${k} (cluster "${ctx.cluster}")`), ...user.fileRefs.map((k) => `${k} (user "${ctx.user}")`)];
  if (fileRefs.length > 0) {
    return new KubeconfigError(
      'file-reference',
      `This kubeconfig points to files on your computer (${fileRefs.join(', ')}); the Rampart server never reads local files for a user. Embed them with \`kubectl config view --minify --flatten --context ${name}\` and paste the result.`,
    );
  }
  if (cluster.other.length > 0) {
    return new KubeconfigError('unsupported', `Cluster "${ctx.cluster}" uses ${cluster.other.join(', ')}, which Rampart does not support; the API server must be reachable directly.`);
  }
  if (user.impersonate) {
    return new KubeconfigError('unsupported', `User "${ctx.user}" impersonates another identity (as / as-groups), which Rampart does not support; use that identity's own token.`);
  }
  if (!cluster.server) return new KubeconfigError('invalid-server', `Cluster "${ctx.cluster}" has no server address.`);
  try {
    validateServerUrl(cluster.server, `The server of cluster "${ctx.cluster}"`);
  } catch (err) {
    return err as KubeconfigError;
  }
  if (Boolean(user.certPem) !== Boolean(user.keyPem)) {
    return new KubeconfigError('invalid-certificate', `User "${ctx.user}" has a client ${user.certPem ? 'certificate without its key' : 'key without its certificate'} (client-certificate-data and client-key-data go together).`);
  }
  if (authKindOf(user) === 'none') {
    return new KubeconfigError('no-credentials', `User "${ctx.user}" has no credentials (no token, client certificate or password).`);
  }
  return undefined;
}

/**
 * Parses a kubeconfig without touching the file system or running anything. Throws a
 * KubeconfigError for malformed YAML and for a kubeconfig without clusters, users or contexts;
 * contexts Rampart cannot use are listed with their `problem`.
 */
export function parseKubeconfig(text: string): ParsedKubeconfig {
  const raw = readConfig(text);
  const contexts: KubeconfigContextInfo[] = [...raw.contexts.entries()].map(([name, ctx]) => {
    const cluster = raw.clusters.get(ctx.cluster);
    const user = raw.users.get(ctx.user);
    const problem = contextProblem(raw, name);
    return {
      name,
      cluster: ctx.cluster,
      user: ctx.user,
      server: cluster?.server ?? '',
      ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
      authKind: authKindOf(user),
      insecureSkipTlsVerify: cluster?.insecureSkipTlsVerify ?? false,
      ...(problem ? { problem: { code: problem.code, message: problem.message } } : {}),
    };
  });
  return { contexts, ...(raw.currentContext && raw.contexts.has(raw.currentContext) ? { currentContext: raw.currentContext } : {}) };
}

/**
 * Validates the chosen context and returns credentials holding a minimised kubeconfig: only that
 * context, its cluster and user, inline data only. Throws KubeconfigError when the context is
 * missing or unusable (exec plugin, auth provider, file reference, http:// ...).
 */
export function credentialsFromKubeconfig(text: string, contextName?: string): { credentials: Extract<ClusterCredentials, { authType: 'kubeconfig' }>; context: KubeconfigContextInfo } {
  const raw = readConfig(text);
  const name = contextName || raw.currentContext;
  if (!name) {
    throw new KubeconfigError('context-not-found', `The kubeconfig has no current-context; pick one of: ${[...raw.contexts.keys()].join(', ')}.`);
  }
  const problem = contextProblem(raw, name);
  if (problem) throw problem;
  const ctx = raw.contexts.get(name)!;
  const cluster = raw.clusters.get(ctx.cluster)!;
  const user = raw.users.get(ctx.user)!;

  const clusterOut: Dict = { server: cluster.server };
  if (cluster.caPem) clusterOut['certificate-authority-data'] = Buffer.from(cluster.caPem).toString('base64');
  if (cluster.insecureSkipTlsVerify) clusterOut['insecure-skip-tls-verify'] = true;
  if (cluster.tlsServerName) clusterOut['tls-server-name'] = cluster.tlsServerName;
  const userOut: Dict = {};
  if (user.token) userOut.token = user.token;
  if (user.certPem && user.keyPem) {
    userOut['client-certificate-data'] = Buffer.from(user.certPem).toString('base64');
    userOut['client-key-data'] = Buffer.from(user.keyPem).toString('base64');
  }
  if (!user.token && user.username && user.password) {
    userOut.username = user.username;
    userOut.password = user.password;
  }
  const contextOut: Dict = { cluster: ctx.cluster, user: ctx.user };
  if (ctx.namespace) contextOut.namespace = ctx.namespace;
  const minimised = stringifyYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: ctx.cluster, cluster: clusterOut }],
    users: [{ name: ctx.user, user: userOut }],
    contexts: [{ name, context: contextOut }],
    'current-context': name,
  });
  const info = parseKubeconfig(minimised).contexts[0];
  return { credentials: { authType: 'kubeconfig', context: name, kubeconfig: minimised }, context: info };
}

/** Validates API URL + token + CA bundle and returns the credentials to store. */
export function credentialsFromToken(input: { server: string; token: string; caPem?: string; tlsServerName?: string }): Extract<ClusterCredentials, { authType: 'token' }> {
  const server = input.server.trim();
  validateServerUrl(server);
  const token = input.token.trim();
  if (!token) throw new KubeconfigError('no-credentials', 'The bearer token is empty: paste the service-account token.');
  if (/\s/.test(token)) throw new KubeconfigError('no-credentials', 'The bearer token contains spaces or line breaks; paste only the token itself.');
  const caPem = input.caPem?.trim();
  if (caPem && !CERT_MARKER.test(caPem)) {
    throw new KubeconfigError('invalid-certificate', 'The CA bundle is not a PEM certificate; paste the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.');
  }
  return {
    authType: 'token',
    server,
    token,
    ...(caPem ? { caPem: `${caPem}\n` } : {}),
    ...(input.tlsServerName ? { tlsServerName: input.tlsServerName } : {}),
  };
}

/** The API server URL credentials point at (in-cluster: from the pod environment, or undefined). */
export function serverOfCredentials(creds: ClusterCredentials): string | undefined {
  switch (creds.authType) {
    case 'token':
      return creds.server;
    case 'kubeconfig':
      return parseKubeconfig(creds.kubeconfig).contexts.find((c) => c.name === creds.context)?.server;
    case 'in_cluster':
    case 'agent':
      return undefined;
  }
}

export const IN_CLUSTER_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeConfigBuildOptions {
  /** Root under which the service-account files live (tests only; default: the real pod paths). */
  inClusterPathPrefix?: string;
  /**
   * An admin confirmed, for this cluster, that its kubeconfig may turn off TLS verification
   * (Cluster.insecureTlsAllowed). Without it, `insecure-skip-tls-verify: true` is refused.
   */
  allowInsecureTls?: boolean;
}

/** Does this kubeconfig context turn off TLS verification of the API server? */
export function skipsTlsVerification(creds: ClusterCredentials): boolean {
  if (creds.authType !== 'kubeconfig') return false;
  return parseKubeconfig(creds.kubeconfig).contexts.find((c) => c.name === creds.context)?.insecureSkipTlsVerify ?? false;
}

export function insecureTlsError(clusterName: string): KubeconfigError {
  return new KubeconfigError(
    'insecure-tls',
    `Cluster "${clusterName}" turns off TLS verification (insecure-skip-tls-verify: true): anyone on the network path could pose as the API server and receive the credentials. ` +
      'Put the cluster\'s CA in certificate-authority-data instead; if you accept the risk, an admin must confirm it for this cluster ("Allow insecure TLS").',
  );
}

/**
 * Builds a KubeConfig for stored credentials. Kubeconfig credentials are re-validated and loaded
 * through `loadFromOptions` from inline data only.
 */
export function kubeConfigFromCredentials(creds: ClusterCredentials, opts: KubeConfigBuildOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  switch (creds.authType) {
    case 'token': {
      validateServerUrl(creds.server);
      kc.loadFromOptions({
        clusters: [
          {
            name: 'cluster',
            server: creds.server,
            skipTLSVerify: false,
            ...(creds.caPem ? { caData: Buffer.from(creds.caPem).toString('base64') } : {}),
            ...(creds.tlsServerName ? { tlsServerName: creds.tlsServerName } : {}),
          },
        ],
        users: [{ name: 'user', token: creds.token }],
        contexts: [{ name: 'rampart', cluster: 'cluster', user: 'user' }],
        currentContext: 'rampart',
      });
      return kc;
    }
    case 'kubeconfig': {
      const raw = readConfig(creds.kubeconfig);
      const problem = contextProblem(raw, creds.context);
      if (problem) throw problem;
      const ctx = raw.contexts.get(creds.context)!;
      const cluster = raw.clusters.get(ctx.cluster)!;
      const user = raw.users.get(ctx.user)!;
      if (cluster.insecureSkipTlsVerify && !opts.allowInsecureTls) throw insecureTlsError(ctx.cluster);
      kc.loadFromOptions({
        clusters: [
          {
            name: ctx.cluster,
            server: cluster.server,
            skipTLSVerify: cluster.insecureSkipTlsVerify,
            ...(cluster.caPem ? { caData: Buffer.from(cluster.caPem).toString('base64') } : {}),
            ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
          },
        ],
        users: [
          {
            name: ctx.user,
            ...(user.token ? { token: user.token } : {}),
            ...(user.certPem && user.keyPem
              ? { certData: Buffer.from(user.certPem).toString('base64'), keyData: Buffer.from(user.keyPem).toString('base64') }
              : {}),
            ...(!user.token && user.username && user.password ? { username: user.username, password: user.password } : {}),
          },
        ],
        contexts: [{ name: creds.context, cluster: ctx.cluster, user: ctx.user, ...(ctx.namespace ? { namespace: ctx.namespace } : {}) }],
        currentContext: creds.context,
      });
      return kc;
    }
    case 'agent':
      throw new KubeconfigError(
        'agent-cluster',
        'This cluster is scanned by its agent (rampart agent inside the cluster pushes snapshots); Rampart does not connect to its API server.',
      );
    case 'in_cluster': {
      const prefix = opts.inClusterPathPrefix ?? '';
      if (!existsSync(`${prefix}${IN_CLUSTER_TOKEN_PATH}`)) {
        throw new KubeconfigError(
          'not-in-cluster',
          'Rampart is not running inside a Kubernetes pod (no service-account token is mounted), so it cannot use in-cluster credentials; register this cluster with a kubeconfig or token instead.',
        );
      }
      kc.loadFromCluster(prefix);
      // client-node reads KUBERNETES_SERVICE_HOST/PORT itself (the kubelet always sets both, even with
      // enableServiceLinks: false) and builds "https://undefined:undefined" when they are missing.
      const inClusterServer = kc.getCurrentCluster()?.server ?? '';
      if (!URL.canParse(inClusterServer) || /^\w+:\/\/(undefined)?:|:undefined$/.test(inClusterServer)) {
        throw new KubeconfigError(
          'not-in-cluster',
          'A service-account token is mounted, but KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT are not set, so the API server address is unknown; run Rampart as a Kubernetes pod (the kubelet sets both), or register this cluster with a kubeconfig or token instead.',
        );
      }
      return kc;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Testing a connection

export type ConnectionErrorCode =
  | 'dns'
  | 'refused'
  | 'tls-unknown-ca'
  | 'tls-hostname'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'timeout'
  | 'not-kubernetes'
  | 'insecure-tls'
  | 'error';

export type ConnectionTestResult =
  | { ok: true; version: string; platform?: string; server?: string }
  | { ok: false; code: ConnectionErrorCode; message: string; server?: string };

export interface TestConnectionOptions {
  /** Deadline for the whole test (both requests). Default 10 s. */
  timeoutMs?: number;
}

/** Per-call options that make every request of this call honour `signal`. */
export function abortSignalOptions(signal: AbortSignal): ConfigurationOptions {
  // The object-parameter API classes (CoreV1Api, VersionApi …) take Observable middleware.
  const middleware: ObservableMiddleware = {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(signal);
      return new Observable(Promise.resolve(ctx));
    },
    post: (ctx: ResponseContext) => new Observable(Promise.resolve(ctx)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

function describeServer(server: string | undefined): { label: string; host: string; port: string } {
  try {
    const u = new URL(server ?? '');
    return { label: u.host, host: u.hostname, port: u.port || (u.protocol === 'https:' ? '443' : '80') };
  } catch {
    return { label: server ?? 'the API server', host: server ?? 'the API server', port: '' };
  }
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body !== 'string' || !body) return undefined;
  try {
    const s = JSON.parse(body) as { message?: unknown };
    return typeof s.message === 'string' ? s.message : undefined;
  } catch {
    return undefined;
  }
}

function causeChain(err: unknown): Array<{ name?: string; code?: string; message?: string }> {
  const chain: Array<{ name?: string; code?: string; message?: string }> = [];
  let cur: unknown = err;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const e = cur as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    chain.push({ name: typeof e.name === 'string' ? e.name : undefined, code: typeof e.code === 'string' ? e.code : undefined, message: typeof e.message === 'string' ? e.message : undefined });
    cur = e.cause;
  }
  return chain;
}

const UNKNOWN_CA_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  // The pasted CA has the same subject as the real issuer but another key — common, since every
  // kubeadm cluster's CA is "CN=kubernetes".
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * Maps an error from a client-node call to a code and a message that says what to do. The message
 * never includes credentials (error texts from the server are Status messages, not echoes of the token).
 */
export function classifyConnectionError(err: unknown, server: string | undefined, step: 'version' | 'namespaces', timeoutMs: number): { code: ConnectionErrorCode; message: string } {
  const { label, host, port } = describeServer(server);
  if (err instanceof ApiException) {
    const code = err.code;
    if (code === 401) {
      return {
        code: 'unauthorized',
        message: `${label} rejected the credentials (401 Unauthorized): the token or client certificate is wrong, expired or revoked. Create a new service-account token (or kubeconfig) and use that.`,
      };
    }
    if (code === 403) {
      const detail = statusMessage(err.body);
      return {
        code: 'forbidden',
        message:
          step === 'version'
            ? `${label} refused to show its version to these credentials (403 Forbidden${detail ? `: ${detail}` : ''}). Grant the identity read access (e.g. the "view" ClusterRole).`
            : `Connected and authenticated, but the identity may not list namespaces (403 Forbidden${detail ? `: ${detail}` : ''}). Rampart needs read access to scan: bind the identity to the "view" ClusterRole (or \`rampart agent-kubeconfig\`'s role).`,
      };
    }
    if (step === 'version' && (code === 404 || code === 400 || code === 405)) {
      return {
        code: 'not-kubernetes',
        message: `${label} answered HTTP ${code} to /version, so it is not a Kubernetes API server: check the server URL (the API server address, e.g. https://host:6443, without a path).`,
      };
    }
    const detail = statusMessage(err.body);
    return { code: 'error', message: `${label} answered HTTP ${code}${detail ? `: ${detail}` : ''} while ${step === 'version' ? 'reading /version' : 'listing namespaces'}. Try again; if it persists, check the API server's health.` };
  }
  const chain = causeChain(err);
  const has = (pred: (c: { name?: string; code?: string; message?: string }) => boolean) => chain.find(pred);
  if (has((c) => c.name === 'TimeoutError' || c.code === 'UND_ERR_CONNECT_TIMEOUT' || c.code === 'ETIMEDOUT' || c.code === 'UND_ERR_HEADERS_TIMEOUT')) {
    return {
      code: 'timeout',
      message: `${label} did not answer within ${Math.round(timeoutMs / 100) / 10} s: a firewall may be dropping traffic from the Rampart server, the address may be wrong, or the API server is overloaded.`,
    };
  }
  if (has((c) => c.code === 'ENOTFOUND' || c.code === 'EAI_AGAIN' || c.code === 'EAI_NONAME')) {
    return { code: 'dns', message: `The host name "${host}" could not be resolved (DNS lookup failed): check the server address for typos, or make the name resolvable from the Rampart server.` };
  }
  if (has((c) => c.code === 'ECONNREFUSED')) {
    return {
      code: 'refused',
      message: `Nothing accepted the connection at ${host}:${port} (connection refused): the port is wrong, the API server is down, or it is not reachable from the Rampart server.`,
    };
  }
  if (has((c) => c.code === 'EHOSTUNREACH' || c.code === 'ENETUNREACH')) {
    return { code: 'refused', message: `${host} is unreachable from the Rampart server (no network route): check the address and the network path.` };
  }
  const unknownCa = has((c) => !!c.code && UNKNOWN_CA_CODES.has(c.code));
  if (unknownCa) {
    return {
      code: 'tls-unknown-ca',
      message: `The server's certificate is not signed by the CA in the kubeconfig; paste the cluster's CA bundle (certificate-authority-data in the kubeconfig, or the CA bundle field) [${unknownCa.code}].`,
    };
  }
  if (has((c) => c.code === 'ERR_TLS_CERT_ALTNAME_INVALID')) {
    return {
      code: 'tls-hostname',
      message: `The server's certificate is not valid for "${host}": use an address listed in the certificate's names (e.g. the cluster's DNS name instead of an IP), or set tls-server-name to one of them.`,
    };
  }
  const tls = has((c) => !!c.code && (/^ERR_SSL_|^ERR_TLS_|^CERT_|_CERT_|^ERR_OSSL/.test(c.code) || c.code === 'EPROTO'));
  if (tls) {
    const expired = tls.code === 'CERT_HAS_EXPIRED';
    return {
      code: 'tls',
      message: expired
        ? `The server's certificate has expired (CERT_HAS_EXPIRED): renew the API server certificate.`
        : `The TLS handshake with ${label} failed (${tls.code}): check that the URL points to the API server's HTTPS port and that the client certificate, if any, is accepted.`,
    };
  }
  if (has((c) => c.code === 'ECONNRESET' || c.code === 'UND_ERR_SOCKET')) {
    return { code: 'error', message: `${label} closed the connection without answering: check that the URL points to the Kubernetes API server (a proxy or load balancer may be in the way).` };
  }
  if (err instanceof SyntaxError || has((c) => c.name === 'SyntaxError')) {
    return { code: 'not-kubernetes', message: `${label} answered, but not with Kubernetes JSON: check the server URL points to the API server, not a web page or proxy.` };
  }
  const first = chain.find((c) => c.code) ?? chain[0];
  return { code: 'error', message: `Could not connect to ${label}: ${first?.code ?? first?.message ?? 'unknown error'}.` };
}

/**
 * Calls /version and then an authenticated request (list namespaces, limit 1) — /version may be
 * anonymous on real clusters, so a bad token only shows on the second call. Never throws.
 */
export async function testConnection(kc: KubeConfig, opts: TestConnectionOptions = {}): Promise<ConnectionTestResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const server = kc.getCurrentCluster()?.server;
  const signal = AbortSignal.timeout(timeoutMs);
  const options = abortSignalOptions(signal);
  let step: 'version' | 'namespaces' = 'version';
  try {
    const info = await kc.makeApiClient(VersionApi).getCode({}, options);
    if (!info || typeof info.gitVersion !== 'string' || !info.gitVersion) {
      return { ok: false, code: 'not-kubernetes', message: `${describeServer(server).label} answered /version without a Kubernetes version: check the server URL points to the API server.`, server };
    }
    step = 'namespaces';
    await kc.makeApiClient(CoreV1Api).listNamespace({ limit: 1 }, options);
    return { ok: true, version: info.gitVersion, ...(info.platform ? { platform: info.platform } : {}), ...(server ? { server } : {}) };
  } catch (err) {
    const { code, message } = classifyConnectionError(err, server, step, timeoutMs);
    return { ok: false, code, message, ...(server ? { server } : {}) };
  }
}

/** Builds the KubeConfig and tests it; credential problems become `{ ok: false, code: 'error' }`. */
export async function testCredentials(creds: ClusterCredentials, opts: TestConnectionOptions & KubeConfigBuildOptions = {}): Promise<ConnectionTestResult> {
  let kc: KubeConfig;
  try {
    kc = kubeConfigFromCredentials(creds, opts);
  } catch (err) {
    if (err instanceof KubeconfigError) return { ok: false, code: err.code === 'insecure-tls' ? 'insecure-tls' : 'error', message: err.message };
    throw err;
  }
  return testConnection(kc, opts);
}
