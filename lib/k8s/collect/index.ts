/**
 * collectClusterSnapshot: lists every kind the checks read (the table: lib/k8s/kinds.ts) from a live API server and builds a
 * ClusterSnapshot (docs/ARCHITECTURE.md "The pipeline", collect).
 *
 * - Cluster-wide lists (`/api/v1/pods`, `/apis/apps/v1/deployments`, ...) with `limit`/`continue`
 *   pagination (default 500 per page), at most `concurrency` lists at once (default 4), each
 *   call with its own timeout and retries (http.ts). A 410 Expired continue token restarts that
 *   list from the beginning (at most 3 times).
 * - Secrets are listed as metadata only (Accept: PartialObjectMetadataList): their values are
 *   never requested. If a server ignores that header and sends a SecretList, everything but
 *   metadata and type is dropped as the page is read.
 * - ConfigMaps are listed normally, because metadata-only lists carry no key names; each page is
 *   reduced to metadata + key names as it is read, so values are never kept (they exist only in
 *   the page being parsed).
 * - Optional kinds are listed only when discovery (`/apis`) shows their API group: Argo Rollouts
 *   Rollouts and OpenShift DeploymentConfigs (workloads), Trivy Operator VulnerabilityReports, Kyverno (Cluster)Policies and (Namespaced)ImageValidatingPolicies,
 *   sigstore ClusterImagePolicies, Portieris (Cluster)ImagePolicies, Gatekeeper ConstraintTemplates,
 *   ValidatingAdmissionPolicies (+ bindings), and the objects of external secret-store
 *   integrations (ExternalSecret, SealedSecret, SecretProviderClass, ...; metadata only, like
 *   Secrets). A 404 there means "not installed" (or not in that version) and is silent.
 * - Gatekeeper constraints have one kind per ConstraintTemplate: their kinds come from the
 *   discovery document of `constraints.gatekeeper.sh` (`/apis/constraints.gatekeeper.sh/<v>`),
 *   and each kind is listed like any other. RBAC cannot name kinds that do not exist yet, so
 *   they are not in scannerClusterRoleRules(); a 403 on one is a coverage gap that says what to grant.
 * - A 403 on a list, or a 404 for a kind every cluster should serve, becomes a CoverageGap that
 *   says what to grant; the scan goes on. A 401, an unreachable server, a TLS failure or a list
 *   that keeps failing after retries fails the whole collection with a CollectError.
 * - Kubelet configuration per node: GET /api/v1/nodes/{name}/proxy/configz (failures are gaps).
 * - Control-plane flags: extractControlPlane over the kube-system Pods.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterSnapshot, CoverageGap, SnapshotObjects } from '../snapshot';
import { ADD_ON_GROUPS, CORE_KINDS, GATEKEEPER_CONSTRAINTS, type AddOnGroup } from '../kinds';
import { GATEKEEPER_CONSTRAINTS_GROUP, objectsKeyFor, sanitizeObject } from '../load/classify';
import { describeObject, SnapshotBuilder } from '../load/builder';
import { CollectError } from './errors';
import { ApiStatusError, KubeHttp } from './http';

export { CollectError, type CollectErrorCode } from './errors';

export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export interface CollectProgress {
  phase: 'collect';
  /** The resource just finished, e.g. "pods", "secrets", "kubelet configz". */
  kind: string;
  /** 1-based: this is kind `index` of `total`. */
  index: number;
  total: number;
  /** Objects collected so far (all kinds). */
  objects: number;
}

export interface CollectOptions {
  onProgress?: (event: CollectProgress) => void;
  /** Items per list page (default 500). */
  pageSize?: number;
  /** Lists in flight at once (default 4). */
  concurrency?: number;
  /** Timeout of each HTTP call (default 30 000 ms). */
  timeoutMs?: number;
  /** Total time the collection waits on requests that get no answer before it fails (default: unbounded; see HttpOptions.stallBudgetMs). */
  stallBudgetMs?: number;
  /** Retries per call after the first attempt (default 4). */
  retries?: number;
  /** Cancels the collection (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Backoff base delay in ms (default 200); tests lower it. */
  backoffBaseMs?: number;
  /** Name recorded as the snapshot source (default: the kubeconfig's current context). */
  sourceName?: string;
}

/** One list the collector runs. */
export interface ListSpec {
  /** Plural resource name, as in RBAC rules and gap messages. */
  resource: string;
  group: string;
  version: string;
  kind: string;
  /** Metadata-only list (Secrets). */
  metadataOnly?: boolean;
  /** Installed add-on kinds: a 404 means "not installed" and is not a gap. */
  optional?: boolean;
  /** Name of the coverage gap a 403 records (default: `resource`); CNI policy lists use `<resource>.<group>`, since several groups share plural names. */
  gapResource?: string;
}

/** Kinds every cluster serves (lib/k8s/kinds.ts); lists of these run on every scan, in this order (pods first). */
export const CORE_LISTS: readonly ListSpec[] = CORE_KINDS.map((k) => ({
  resource: k.resource,
  group: k.group,
  version: k.version,
  kind: k.kind,
  ...(k.metadataOnly ? { metadataOnly: true } : {}),
}));

/** The listed kinds of an add-on group. */
const listedKinds = (g: AddOnGroup): Array<{ resource: string; kind: string }> =>
  g.kinds.flatMap((k) => (k.resource ? [{ resource: k.resource, kind: k.kind }] : []));

/** API groups whose lists fill objects.cniNetworkPolicies (their gaps are named `<resource>.<group>`). */
export const CNI_POLICY_GROUPS: readonly string[] = ADD_ON_GROUPS.filter((g) => g.qualifiedGaps).map((g) => g.group);

/**
 * The RBAC rules a scanner identity needs for a complete collection (a read-only ClusterRole):
 * list on every kind above, get on nodes/proxy for kubelet configz. Secrets are listed as
 * metadata only, but RBAC cannot express that: `list` on secrets is still required.
 * Gatekeeper constraint kinds (constraints.gatekeeper.sh) are named after ConstraintTemplates and
 * cannot be listed here without a wildcard; grant them per cluster (a 403 is a coverage gap).
 */
export function scannerClusterRoleRules(): Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> {
  const byGroup = new Map<string, Set<string>>();
  const addRule = (group: string, resource: string): void => {
    const set = byGroup.get(group) ?? new Set<string>();
    set.add(resource);
    byGroup.set(group, set);
  };
  for (const l of CORE_LISTS) addRule(l.group, l.resource);
  for (const g of ADD_ON_GROUPS) for (const l of listedKinds(g)) addRule(g.group, l.resource);
  const rules = [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: ['list'] }));
  rules.push({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] });
  return rules;
}

interface ApiGroupList {
  groups?: Array<{ name?: string; versions?: Array<{ version?: string }>; preferredVersion?: { version?: string } }>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The lists to run for add-ons, from the /apis group list (undefined: discovery unavailable → try defaults). */
export function optionalLists(groupList: ApiGroupList | undefined): ListSpec[] {
  const out: ListSpec[] = [];
  for (const g of ADD_ON_GROUPS) {
    let version: string | undefined;
    if (!groupList) {
      // Without discovery every group is tried; a group that mirrors another one would only duplicate it.
      if (g.unlessGroup) continue;
      version = g.versions[0];
    } else {
      const served = groupList.groups?.find((x) => x.name === g.group);
      if (!served) continue;
      if (g.unlessGroup && groupList.groups?.some((x) => x.name === g.unlessGroup)) continue;
      const versions = (served.versions ?? []).map((v) => v.version).filter((v): v is string => !!v);
      version = g.versions.find((v) => versions.includes(v)) ?? served.preferredVersion?.version;
    }
    if (!version) continue;
    for (const l of listedKinds(g)) {
      out.push({
        ...l,
        group: g.group,
        version,
        optional: true,
        ...(g.metadataOnly ? { metadataOnly: true } : {}),
        ...(g.qualifiedGaps ? { gapResource: `${l.resource}.${g.group}` } : {}),
      });
    }
  }
  return out;
}

/** Versions of constraints.gatekeeper.sh to read, best first (all serve the same constraints). */
const CONSTRAINT_VERSIONS = GATEKEEPER_CONSTRAINTS.versions;

/**
 * The lists of Gatekeeper constraints: one per kind in the constraints.gatekeeper.sh discovery
 * document (subresources such as `<kind>/status` skipped). Nothing when the group is not served;
 * a discovery document that cannot be read is a coverage gap, not a failure.
 */
async function constraintLists(http: KubeHttp, groupList: ApiGroupList | undefined, gaps: CoverageGap[]): Promise<ListSpec[]> {
  let version: string | undefined;
  if (!groupList) version = 'v1beta1';
  else {
    const served = groupList.groups?.find((x) => x.name === GATEKEEPER_CONSTRAINTS_GROUP);
    if (!served) return [];
    const versions = (served.versions ?? []).map((v) => v.version).filter((v): v is string => !!v);
    version = CONSTRAINT_VERSIONS.find((v) => versions.includes(v)) ?? served.preferredVersion?.version;
  }
  if (!version) return [];
  let body: unknown;
  try {
    body = await http.getJson(`/apis/${GATEKEEPER_CONSTRAINTS_GROUP}/${version}`);
  } catch (e) {
    if (!(e instanceof ApiStatusError)) throw e;
    if (e.status !== 404) {
      gaps.push({
        resource: GATEKEEPER_CONSTRAINTS_GROUP,
        reason: e.status === 403 ? 'forbidden' : 'error',
        message: `The kinds of Gatekeeper constraints could not be discovered (GET /apis/${GATEKEEPER_CONSTRAINTS_GROUP}/${version}: ${e.status} ${e.reason}), so no constraint was listed. Checks that read constraints ran without them.`,
      });
    }
    return [];
  }
  const resources = isRecord(body) && Array.isArray(body.resources) ? (body.resources as unknown[]) : [];
  const out: ListSpec[] = [];
  for (const r of resources) {
    if (!isRecord(r) || typeof r.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string' || !r.kind) continue;
    if (Array.isArray(r.verbs) && !r.verbs.includes('list')) continue;
    out.push({ resource: r.name, group: GATEKEEPER_CONSTRAINTS_GROUP, version, kind: r.kind, optional: true });
  }
  return out;
}

export function listPath(spec: ListSpec): string {
  return spec.group ? `/apis/${spec.group}/${spec.version}/${spec.resource}` : `/api/v1/${spec.resource}`;
}

function apiVersionOf(spec: ListSpec): string {
  return spec.group ? `${spec.group}/${spec.version}` : spec.version;
}

function forbiddenGap(spec: ListSpec, serverMessage: string): CoverageGap {
  const group = spec.group ? `"${spec.group}"` : '"" (core)';
  return {
    resource: spec.gapResource ?? spec.resource,
    reason: 'forbidden',
    message:
      `The scanner may not list ${spec.resource} (API group ${group}): ${serverMessage}. Checks that read ${spec.resource} ran without them. ` +
      `Grant list on ${spec.resource} to the scanner's identity (a ClusterRole rule apiGroups: [${spec.group ? `"${spec.group}"` : '""'}], resources: ["${spec.resource}"], verbs: ["list"]), or accept the gap.`,
  };
}

async function runPool<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const runners = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await worker(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  });
  await Promise.all(runners);
}

const MAX_LIST_RESTARTS = 3;

/** Lists every kind the checks read and returns the snapshot. Throws CollectError when the cluster cannot be scanned at all. */
export async function collectClusterSnapshot(kc: KubeConfig, options: CollectOptions = {}): Promise<ClusterSnapshot> {
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 4;
  const http = new KubeHttp(kc, {
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 4,
    stallBudgetMs: options.stallBudgetMs,
    signal: options.signal,
    backoffBaseMs: options.backoffBaseMs,
  });
  const builder = new SnapshotBuilder();
  const collectedAt = new Date().toISOString();
  try {
    // /version first: it proves the server is reachable and the credentials are accepted.
    let serverVersion: string | undefined;
    try {
      const v = await http.getJson('/version');
      if (isRecord(v) && typeof v.gitVersion === 'string') serverVersion = v.gitVersion;
    } catch (e) {
      if (!(e instanceof ApiStatusError)) throw e; // 403/404 on /version: odd but not fatal
    }
    let groups: ApiGroupList | undefined;
    try {
      const g = await http.getJson('/apis');
      if (isRecord(g) && Array.isArray(g.groups)) groups = g as ApiGroupList;
    } catch (e) {
      if (!(e instanceof ApiStatusError)) throw e;
    }

    const lists = [...CORE_LISTS, ...optionalLists(groups), ...(await constraintLists(http, groups, builder.gaps))];
    const total = lists.length + 1; // + kubelet configz
    let done = 0;
    let objectCount = 0;
    const forbidden: string[] = [];
    const report = (kind: string): void => {
      done++;
      options.onProgress?.({ phase: 'collect', kind, index: done, total, objects: objectCount });
    };

    const runList = async (spec: ListSpec): Promise<void> => {
      const key = objectsKeyFor(apiVersionOf(spec), spec.kind);
      if (!key) throw new Error(`internal: no snapshot bucket for ${spec.kind}`);
      let restarts = 0;
      let items: Array<Record<string, unknown>> = [];
      let token: string | undefined;
      const base = listPath(spec);
      for (;;) {
        const query = new URLSearchParams({ limit: String(pageSize) });
        if (token) query.set('continue', token);
        let body: unknown;
        try {
          body = await http.getJson(`${base}?${query.toString()}`, spec.metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json');
        } catch (e) {
          if (!(e instanceof ApiStatusError)) throw e;
          if (e.status === 410 && restarts < MAX_LIST_RESTARTS) {
            // The continue token expired (etcd compaction): start this list again.
            restarts++;
            items = [];
            token = undefined;
            continue;
          }
          if (e.status === 403) {
            forbidden.push(spec.resource);
            builder.gaps.push(forbiddenGap(spec, e.message));
          } else if (e.status === 404) {
            if (!spec.optional) {
              builder.gaps.push({
                resource: `${spec.resource}${spec.group ? `.${spec.group}` : ''}`,
                reason: 'not-found',
                message: `The API server does not serve ${apiVersionOf(spec)} ${spec.resource} (API group missing or disabled): checks that read ${spec.resource} ran without them. Enable the API, or accept the gap.`,
              });
            }
          } else {
            throw new CollectError(
              'server',
              `Listing ${spec.resource} failed with ${e.status} ${e.reason}: ${e.message}. Check the API server's health and the scanner's permissions, then retry.`,
            );
          }
          // Done all the same (as a gap, or an add-on kind this server does not serve): progress reaches its total.
          report(spec.resource);
          return;
        }
        if (!isRecord(body) || !Array.isArray(body.items)) {
          throw new CollectError('invalid-response', `Listing ${spec.resource} returned something that is not a list. Check proxies between Rampart and the cluster.`);
        }
        const isMetadataList = body.kind === 'PartialObjectMetadataList';
        for (const raw of body.items as unknown[]) {
          if (!isRecord(raw)) continue;
          // Typed lists omit apiVersion/kind on built-in items; metadata-only items say PartialObjectMetadata.
          raw.apiVersion = apiVersionOf(spec);
          raw.kind = spec.kind;
          // Reduce as the page is read: Secret values (if a server ignored the metadata-only Accept) and ConfigMap values are dropped here.
          const reduced = sanitizeObject(key, raw) as unknown as Record<string, unknown>;
          if (isMetadataList && key === 'configMaps') {
            delete reduced.keys;
            delete reduced.credentials;
          }
          items.push(reduced);
        }
        const meta = isRecord(body.metadata) ? body.metadata : {};
        token = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
        if (!token) break;
      }
      if (key === 'secrets' && items.length > 0) await addSecretTypes(http, items, pageSize);
      for (const item of items) {
        // An object Rampart cannot read is a coverage gap naming it; the scan goes on without it.
        const outcome = builder.add(item);
        if (!outcome.ok) builder.gaps.push(unreadableObjectGap(spec, item, outcome.message));
      }
      objectCount += items.length;
      report(spec.resource);
    };

    await runPool(lists, concurrency, runList);
    const coreForbidden = CORE_LISTS.every((l) => forbidden.includes(l.resource));
    if (coreForbidden) {
      throw new CollectError(
        'forbidden',
        `The scanner's identity may not list any of the resources Rampart reads (every list returned 403). Bind it to a read-only ClusterRole (get/list on the resources in the documentation) and scan again.`,
      );
    }

    await collectKubelets(http, builder, builder.objects, concurrency);
    report('kubelet configz');

    return builder.build(
      { type: 'cluster', name: options.sourceName ?? (kc.getCurrentContext() || http.server) },
      { serverVersion, collectedAt },
    );
  } finally {
    await http.close();
  }
}

function unreadableObjectGap(spec: ListSpec, item: Record<string, unknown>, problem: string): CoverageGap {
  return {
    resource: describeObject({ ...item, kind: spec.kind }),
    reason: 'unreadable-object',
    message: `Rampart could not read this object and left it out of the scan: ${problem.slice(0, 500)}. Checks ran on every other object; fix the object (or its CRD schema) to have it judged.`,
  };
}

/** Secret types the checks care about; metadata-only lists carry no `type`, so each is asked for with a field selector. */
export const SECRET_TYPES_OF_INTEREST = ['kubernetes.io/service-account-token'] as const;

/**
 * Metadata-only lists do not include a Secret's `type`. For the types checks distinguish, one more
 * metadata-only list per type with `fieldSelector=type=<type>` tells which secrets have it.
 * Best effort: a failure leaves `type` unset (checks then fall back to annotations).
 */
async function addSecretTypes(http: KubeHttp, secrets: Array<Record<string, unknown>>, pageSize: number): Promise<void> {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const s of secrets) {
    const meta = isRecord(s.metadata) ? s.metadata : {};
    if (s.type === undefined) byKey.set(`${String(meta.namespace)}/${String(meta.name)}`, s);
  }
  if (byKey.size === 0) return;
  for (const type of SECRET_TYPES_OF_INTEREST) {
    let token: string | undefined;
    try {
      do {
        const query = new URLSearchParams({ limit: String(pageSize), fieldSelector: `type=${type}` });
        if (token) query.set('continue', token);
        const body = await http.getJson(`/api/v1/secrets?${query.toString()}`, METADATA_ONLY_ACCEPT);
        if (!isRecord(body) || !Array.isArray(body.items)) return;
        for (const item of body.items as unknown[]) {
          const meta = isRecord(item) && isRecord(item.metadata) ? item.metadata : undefined;
          const target = meta ? byKey.get(`${String(meta.namespace)}/${String(meta.name)}`) : undefined;
          if (target) target.type = type;
        }
        const listMeta = isRecord(body.metadata) ? body.metadata : {};
        token = typeof listMeta.continue === 'string' && listMeta.continue ? listMeta.continue : undefined;
      } while (token);
    } catch (e) {
      if (e instanceof ApiStatusError) return;
      throw e;
    }
  }
}

/** GET /api/v1/nodes/{name}/proxy/configz for every node; failures become (aggregated) coverage gaps. */
async function collectKubelets(http: KubeHttp, builder: SnapshotBuilder, objects: SnapshotObjects, concurrency: number): Promise<void> {
  const names = objects.nodes.map((n) => n.metadata?.name).filter((n): n is string => !!n);
  const failures = new Map<string, { reason: CoverageGap['reason']; nodes: string[]; detail: string }>();
  const fail = (reason: CoverageGap['reason'], node: string, detail: string): void => {
    const key = `${reason}:${detail}`;
    const entry = failures.get(key) ?? { reason, nodes: [], detail };
    entry.nodes.push(node);
    failures.set(key, entry);
  };
  await runPool(names, concurrency, async (name) => {
    let body: unknown;
    try {
      body = await http.getJson(`/api/v1/nodes/${encodeURIComponent(name)}/proxy/configz`);
    } catch (e) {
      if (e instanceof ApiStatusError) {
        fail(e.status === 403 ? 'forbidden' : e.status === 404 ? 'not-found' : 'unavailable', name, `${e.status} ${e.reason}`);
        return;
      }
      if (e instanceof CollectError && (e.code === 'server' || e.code === 'timeout' || e.code === 'invalid-response')) {
        fail('unavailable', name, e.code);
        return;
      }
      throw e;
    }
    const config = isRecord(body) && isRecord(body.kubeletconfig) ? body.kubeletconfig : undefined;
    if (!config) {
      fail('error', name, 'configz answer without kubeletconfig');
      return;
    }
    builder.addKubelet({ nodeName: name, config });
  });
  for (const f of failures.values()) {
    const shown = f.nodes.slice(0, 5).join(', ') + (f.nodes.length > 5 ? ` and ${f.nodes.length - 5} more` : '');
    const what =
      f.reason === 'forbidden'
        ? `The scanner may not read kubelet configuration through the API server (${f.detail}). Grant get on nodes/proxy to the scanner's identity, or accept the gap: kubelet checks are not applicable on these nodes.`
        : `The kubelet configuration could not be read (${f.detail}); managed node pools often hide configz. Kubelet checks are not applicable on these nodes; accept the gap or scan the nodes' KubeletConfiguration files with --manifests.`;
    builder.gaps.push({ resource: `nodes/proxy (configz) on ${shown}`, reason: f.reason, message: what });
  }
}
