/**
 * kube-sim: a read-only Kubernetes API server good enough for @kubernetes/client-node and kubectl.
 * HTTPS with a generated CA, bearer tokens with allow/deny lists, discovery, typed lists with
 * pagination, metadata-only and Table representations, kubelet configz through nodes/proxy, and
 * injectable latency and faults.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { selfSubjectAccessReview } from './access-review';
import { bearerToken, forbiddenMessage, isAllowed, RESTRICTED_SCANNER, type RequestAttributes, type SimToken } from './auth';
import { generateSimCertificates } from './certs';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, serverVersion } from './discovery';
import { FaultInjector, type FaultAction, type FaultRule } from './faults';
import { listResponse, negotiate, objectResponse, statusBody, tableResponse } from './format';
import {
  buildKubeconfig,
  writePrivateFile,
  writeServiceAccountFiles,
  type KubeconfigOptions,
  type ServiceAccountFiles,
} from './kubeconfig';
import { loadManifestDirectory } from './load';
import type { ResourceType } from './resources';
import { ExpiredContinueError, ObjectStore, parseFieldSelector, parseLabelSelector, StoreError, type KubeObject } from './store';
import { WatchHub, type WatchRequest } from './watch';

export interface KubeSimOptions {
  /** Directory of manifests to serve (YAML multi-document, JSON, `kind: List`). */
  dir?: string;
  /** Objects to serve (used when `dir` is not given). */
  objects?: readonly KubeObject[];
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Bearer token allowed to do everything (default: random). */
  adminToken?: string;
  /** Additional tokens, e.g. with deny-lists. */
  tokens?: readonly SimToken[];
  /** gitVersion reported by /version (default v1.30.4). */
  version?: string;
  /** Delay added before every response, in ms. */
  latencyMs?: number;
  faults?: readonly FaultRule[];
  /** Entries kept in requestLog; the oldest are dropped beyond it (default 10,000). */
  requestLogLimit?: number;
  /** Changes kept for watches resuming from a resourceVersion; older ones answer 410 Expired (default 1,000). */
  watchHistoryLimit?: number;
  /** BOOKMARK events on watches that allow them, every this many ms (default 1,000; 0: only on sendBookmarks()). */
  bookmarkIntervalMs?: number;
}

/** Names one object for deleteObject. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface RequestLogEntry {
  time: string;
  method: string;
  /** Path without query string. */
  path: string;
  query: Record<string, string>;
  accept?: string;
  /** Authenticated user; undefined when authentication failed. */
  user?: string;
  /** HTTP status sent; undefined when no response was sent (hang, close). */
  status?: number;
  /** The injected fault, if any. */
  fault?: FaultAction['type'];
}

export interface KubeSim {
  /** https://127.0.0.1:<port> */
  url: string;
  host: string;
  port: number;
  /** PEM of the CA that signed the serving certificate. */
  caPem: string;
  /** The admin bearer token. */
  token: string;
  /** A token denied secrets, the rbac.authorization.k8s.io group and nodes/proxy (RESTRICTED_SCANNER). */
  restrictedToken: string;
  /** Kubeconfig (YAML) for the admin token, context "demo". */
  kubeconfig: string;
  /** Requests received, oldest first (mutated in place; capped by requestLogLimit; see clearRequestLog). */
  requestLog: RequestLogEntry[];
  /** The store currently served. */
  readonly store: ObjectStore;
  /** Kubeconfig YAML for any token (default admin). */
  kubeconfigFor(opts?: KubeconfigOptions): string;
  /** Writes a kubeconfig (mode 0600) for the admin token or `opts.token`; resolves to the path. */
  writeKubeconfig(file: string, opts?: KubeconfigOptions): Promise<string>;
  /** Writes a kubeconfig for the restricted token (context "demo-restricted" unless given). */
  writeRestrictedKubeconfig(file: string, opts?: Omit<KubeconfigOptions, 'token'>): Promise<string>;
  /** Registers another token; resolves to the token string. */
  addToken(spec: Omit<SimToken, 'token'> & { token?: string }): string;
  /** Writes token / ca.crt / namespace as a pod would see them (for loadFromCluster(pathPrefix)). */
  writeServiceAccountFiles(root: string, opts?: { token?: string; namespace?: string }): Promise<ServiceAccountFiles>;
  setFaults(rules: readonly FaultRule[]): void;
  /** How many requests each current fault rule affected. */
  faultHits(): number[];
  setLatency(ms: number): void;
  /** Serves these objects from now on (continue tokens of the previous set expire). */
  replaceObjects(objects: readonly KubeObject[]): void;
  /** Re-reads the manifest directory (or re-serves the initial objects). Open watches end and their resourceVersions expire (410): watchers relist. */
  reload(): Promise<void>;
  /** Creates or replaces one object (a write by someone else); open watches get ADDED / MODIFIED. Resolves to the stored object. */
  applyObject(obj: KubeObject): KubeObject;
  /** Deletes one object; open watches get DELETED. False when it did not exist. */
  deleteObject(ref: ObjectRef): boolean;
  /** Watch connections open now. */
  readonly openWatches: number;
  /** Destroys every open watch connection mid-stream (a network drop); resolves to how many. */
  dropWatches(): number;
  /** Sends a BOOKMARK to every open watch that allows them. */
  sendBookmarks(): void;
  /** Forgets the change history: watches resuming from an earlier resourceVersion get 410 Expired. */
  compact(): void;
  /**
   * Stops listening, drops every connection, and listens again on the same port after `downMs`
   * (default 0), with the same objects, certificate and tokens; `compact` also forgets the watch
   * history (a restarted API server whose watch cache starts empty).
   */
  restart(opts?: { downMs?: number; compact?: boolean }): Promise<void>;
  clearRequestLog(): void;
  stop(): Promise<void>;
}

interface RouteResult {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** A watch to stream instead of `body`. */
  watch?: WatchRequest;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): RouteResult {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function status(code: number, message: string, details?: Parameters<typeof statusBody>[2], reason?: string): RouteResult {
  return json(code, statusBody(code, message, details, reason));
}

const notFoundPath = (): RouteResult => status(404, 'the server could not find the requested resource', undefined, 'NotFound');

const VERB_BY_METHOD: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body (up to 1 MiB; more is cut off, which makes it invalid JSON). */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const initialObjects: readonly KubeObject[] = options.dir ? await loadManifestDirectory(options.dir) : (options.objects ?? []);
  let generation = 1;
  let store = new ObjectStore(initialObjects, generation);
  const certs = await generateSimCertificates();
  const adminToken = options.adminToken ?? newToken();
  const restrictedToken = newToken();
  const tokens = new Map<string, SimToken>();
  tokens.set(adminToken, { token: adminToken, user: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
  tokens.set(restrictedToken, { ...RESTRICTED_SCANNER, token: restrictedToken });
  for (const t of options.tokens ?? []) tokens.set(t.token, t);
  const versionInfo = serverVersion(options.version);
  const faults = new FaultInjector(options.faults);
  let latencyMs = options.latencyMs ?? 0;
  const requestLog: RequestLogEntry[] = [];
  const requestLogLimit = options.requestLogLimit ?? 10_000;
  const watches = new WatchHub(Number(store.resourceVersion), options.watchHistoryLimit ?? 1000, options.bookmarkIntervalMs ?? 1000);
  /** A new object set: resource versions continue upward, open watches end, older resource versions expire. */
  const serveObjects = (objects: readonly KubeObject[]): void => {
    generation += 1;
    store = new ObjectStore(objects, generation, Math.max(1000 * generation, Number(store.resourceVersion) + 1));
    watches.compact(Number(store.resourceVersion));
    watches.endAll();
  };
  let serverAddress = '';

  function authorize(token: SimToken, attrs: RequestAttributes): RouteResult | undefined {
    if (isAllowed(token, attrs)) return undefined;
    return status(403, forbiddenMessage(token.user, attrs), {
      name: attrs.name,
      group: attrs.group,
      kind: attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource,
    });
  }

  function handleResource(
    req: IncomingMessage,
    url: URL,
    token: SimToken,
    type: ResourceType,
    namespace: string | undefined,
    name: string | undefined,
    sub: string[],
    body: string,
  ): RouteResult {
    const method = req.method ?? 'GET';
    if (type.group === 'authorization.k8s.io' && type.plural === 'selfsubjectaccessreviews') {
      if (method !== 'POST') return status(405, 'only create is supported for selfsubjectaccessreviews', undefined, 'MethodNotAllowed');
      let review: unknown;
      try {
        review = JSON.parse(body);
      } catch {
        return status(400, 'request body is not JSON', undefined, 'BadRequest');
      }
      const result = selfSubjectAccessReview(token, review);
      if (result.status !== 201) return status(result.status, String(result.body.message), undefined, 'BadRequest');
      return json(201, result.body);
    }
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const verb = method === 'GET' ? (name ? 'get' : watch ? 'watch' : 'list') : (VERB_BY_METHOD[method] ?? method.toLowerCase());
    const attrs: RequestAttributes = { verb, group: type.group, resource: type.plural, subresource: sub[0], namespace, name };
    const denied = authorize(token, attrs);
    if (denied) return denied;
    if (method !== 'GET') return status(405, `kube-sim is read-only: ${verb} is not supported`, undefined, 'MethodNotAllowed');

    const rep = negotiate(req.headers.accept);
    if (rep === 'unsupported') return status(406, `only the following media types are accepted: application/json`, undefined, 'NotAcceptable');
    if (watch) return watchRequest(url, type, namespace, name, rep);

    if (!name) {
      const limitParam = url.searchParams.get('limit');
      const limit = limitParam ? Number.parseInt(limitParam, 10) : undefined;
      try {
        const page = store.list(type, {
          namespace,
          limit: Number.isFinite(limit) ? limit : undefined,
          continueToken: url.searchParams.get('continue') ?? undefined,
          labelSelector: url.searchParams.get('labelSelector') ?? undefined,
          fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
        });
        if (rep === 'table') return json(200, tableResponse(type, page, url.searchParams.get('includeObject')));
        return json(200, listResponse(type, page, rep));
      } catch (err) {
        if (err instanceof ExpiredContinueError) {
          return status(
            410,
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
            undefined,
            'Expired',
          );
        }
        if (err instanceof StoreError) return status(400, err.message, undefined, 'BadRequest');
        throw err;
      }
    }

    const obj = store.get(type, name, namespace);
    if (!obj) return status(404, `${type.plural} "${name}" not found`, { name, group: type.group, kind: type.plural });
    if (sub.length === 0 || (sub.length === 1 && sub[0] === 'status')) {
      if (rep === 'table') {
        return json(200, tableResponse(type, { items: [obj], resourceVersion: store.resourceVersion }, url.searchParams.get('includeObject')));
      }
      return json(200, objectResponse(type, obj, rep));
    }
    if (type.group === '' && type.plural === 'nodes' && sub[0] === 'proxy' && sub.length === 2 && sub[1] === 'configz') {
      const config = store.kubeletConfigs.get(name);
      if (!config) return notFoundPath();
      const { apiVersion: _a, kind: _k, ...kubeletconfig } = config;
      return json(200, { kubeletconfig });
    }
    return notFoundPath();
  }

  function watchRequest(url: URL, type: ResourceType, namespace: string | undefined, name: string | undefined, rep: ReturnType<typeof negotiate>): RouteResult {
    if (rep === 'table') return status(406, 'watch is not served as a Table by kube-sim', undefined, 'NotAcceptable');
    let labels: ReturnType<typeof parseLabelSelector> | undefined;
    let fields: ReturnType<typeof parseFieldSelector> | undefined;
    try {
      const ls = url.searchParams.get('labelSelector');
      const fs = url.searchParams.get('fieldSelector');
      labels = ls ? parseLabelSelector(ls) : undefined;
      fields = fs ? parseFieldSelector(fs) : undefined;
    } catch (err) {
      if (err instanceof StoreError) return status(400, err.message, undefined, 'BadRequest');
      throw err;
    }
    const rv = url.searchParams.get('resourceVersion') ?? undefined;
    if (rv && rv !== '0' && !/^\d+$/.test(rv)) return status(400, `invalid resource version: ${rv}`, undefined, 'BadRequest');
    const timeout = Number.parseInt(url.searchParams.get('timeoutSeconds') ?? '', 10);
    const matches = (o: KubeObject): boolean =>
      (!namespace || o.metadata.namespace === namespace) &&
      (!name || o.metadata.name === name) &&
      (!labels || labels(o.metadata.labels ?? {})) &&
      (!fields || fields(o));
    return {
      status: 200,
      body: '',
      watch: {
        resource: type,
        namespace,
        resourceVersion: rv,
        bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
        timeoutSeconds: Number.isFinite(timeout) ? timeout : undefined,
        representation: rep,
        current: () => store.all(type).filter(matches),
        matches,
      },
    };
  }

  function route(req: IncomingMessage, url: URL, token: SimToken, body: string): RouteResult {
    const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const p = url.pathname.replace(/\/+$/, '') || '/';
    if (p === '/version') return json(200, versionInfo);
    if (p === '/healthz' || p === '/livez' || p === '/readyz') return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' };
    if (p === '/api') return json(200, apiVersions(serverAddress));
    if (p === '/apis') return json(200, apiGroupList(store.registry));

    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api' && segs[1] === 'v1') {
      group = '';
      version = 'v1';
      rest = segs.slice(2);
    } else if (segs[0] === 'apis' && segs.length >= 2) {
      if (segs.length === 2) {
        const g = apiGroup(store.registry, segs[1]);
        return g ? json(200, g) : notFoundPath();
      }
      group = segs[1];
      version = segs[2];
      rest = segs.slice(3);
    } else {
      return notFoundPath();
    }
    if (rest.length === 0) {
      const list = apiResourceList(store.registry, group, version);
      return list ? json(200, list) : notFoundPath();
    }
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const type = store.registry.byPlural(group, version, rest[2]);
      if (type?.namespaced) return handleResource(req, url, token, type, rest[1], rest[3], rest.slice(4), body);
    }
    const type = store.registry.byPlural(group, version, rest[0]);
    if (!type) return notFoundPath();
    // A namespaced kind listed across all namespaces (/api/v1/pods); a cluster-scoped kind by name.
    if (type.namespaced && rest.length > 1) return notFoundPath();
    return handleResource(req, url, token, type, undefined, rest[1], rest.slice(2), body);
  }

  function send(res: ServerResponse, result: RouteResult): void {
    res.writeHead(result.status, {
      'Cache-Control': 'no-cache, private',
      'Content-Length': String(Buffer.byteLength(result.body)),
      ...result.headers,
    });
    res.end(result.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kube-sim.invalid');
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      accept: req.headers.accept,
    };
    requestLog.push(entry);
    if (requestLog.length > requestLogLimit) requestLog.splice(0, requestLog.length - requestLogLimit);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    if (latencyMs > 0) await delay(latencyMs);

    const fault = faults.take(entry.method, url.pathname + url.search);
    if (fault) entry.fault = fault.type;
    if (fault?.type === 'close') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'hang') {
      if (fault.ms === undefined) return; // never answer; stop() destroys the socket
      await delay(fault.ms);
    }
    if (fault?.type === 'status') {
      send(res, status(fault.code, fault.message ?? `injected fault: HTTP ${fault.code}`));
      return;
    }
    if (fault?.type === 'rate-limit') {
      const retry = fault.retryAfterSeconds ?? 1;
      const result = status(429, 'Too many requests, please try again later.', { retryAfterSeconds: retry });
      send(res, { ...result, headers: { ...result.headers, 'Retry-After': String(retry) } });
      return;
    }

    const presented = bearerToken(req.headers.authorization);
    const token = presented ? tokens.get(presented) : undefined;
    let result: RouteResult;
    if (!token) {
      result = status(401, 'Unauthorized');
    } else {
      entry.user = token.user;
      result = route(req, url, token, entry.method === 'POST' ? await readBody(req) : '');
    }
    if (result.watch) {
      watches.serve(req, res, result.watch, () => store.resourceVersion);
      return;
    }

    if (fault?.type === 'truncate' || fault?.type === 'stall') {
      const full = Buffer.from(result.body);
      const cut = Math.max(1, Math.min(full.length - 1, fault.bytes ?? Math.floor(full.length / 2)));
      res.writeHead(result.status, { 'Content-Length': String(full.length), ...result.headers });
      res.write(full.subarray(0, cut), () => {
        // truncate: give the bytes a moment to leave before the connection dies mid-body.
        // stall: the rest never comes; the client must time out (stop() destroys the socket).
        if (fault.type === 'truncate') setTimeout(() => req.socket.destroy(), 20);
      });
      return;
    }
    send(res, result);
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, status(500, `kube-sim internal error: ${err instanceof Error ? err.message : String(err)}`));
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {
    /* a client that rejects our CA disconnects; nothing to do */
  });

  const host = options.host ?? '127.0.0.1';
  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  const closeServer = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    watches.endAll();
    for (const s of sockets) s.destroy();
    server.closeAllConnections();
    await closed;
  };
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `https://${urlHost}:${port}`;
  serverAddress = `${urlHost}:${port}`;

  const kubeconfigFor = (opts: KubeconfigOptions = {}): string => {
    const { token = adminToken, ...rest } = opts;
    return buildKubeconfig(url, certs.caPem, token, rest);
  };

  return {
    url,
    host,
    port,
    caPem: certs.caPem,
    token: adminToken,
    restrictedToken,
    kubeconfig: kubeconfigFor(),
    requestLog,
    get store() {
      return store;
    },
    kubeconfigFor,
    async writeKubeconfig(file, opts) {
      await writePrivateFile(file, kubeconfigFor(opts));
      return file;
    },
    async writeRestrictedKubeconfig(file, opts = {}) {
      await writePrivateFile(file, kubeconfigFor({ contextName: 'demo-restricted', ...opts, token: restrictedToken }));
      return file;
    },
    addToken(spec) {
      const token = spec.token ?? newToken();
      tokens.set(token, { ...spec, token });
      return token;
    },
    writeServiceAccountFiles(root, opts = {}) {
      return writeServiceAccountFiles(root, { host, port, caPem: certs.caPem }, opts.token ?? adminToken, opts.namespace);
    },
    setFaults(rules) {
      faults.set(rules);
    },
    faultHits() {
      return faults.hits();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    replaceObjects(objects) {
      serveObjects(objects);
    },
    async reload() {
      serveObjects(options.dir ? await loadManifestDirectory(options.dir) : initialObjects);
    },
    applyObject(obj) {
      const { type, event, object } = store.applyObject(obj);
      watches.record({ type: event, rv: Number(object.metadata.resourceVersion), resource: type, object });
      return structuredClone(object);
    },
    deleteObject(ref) {
      const removed = store.removeObject(ref.apiVersion, ref.kind, ref.name, ref.namespace);
      if (!removed) return false;
      watches.record({ type: 'DELETED', rv: Number(removed.object.metadata.resourceVersion), resource: removed.type, object: removed.object });
      return true;
    },
    get openWatches() {
      return watches.size;
    },
    dropWatches() {
      return watches.dropAll();
    },
    sendBookmarks() {
      watches.sendBookmarks(store.resourceVersion);
    },
    compact() {
      watches.compact(Number(store.resourceVersion));
    },
    async restart(opts = {}) {
      await closeServer();
      if (opts.compact) watches.compact(Number(store.resourceVersion));
      if (opts.downMs) await delay(opts.downMs);
      await listen(port);
    },
    clearRequestLog() {
      requestLog.length = 0;
    },
    async stop() {
      await closeServer();
    },
  };
}
