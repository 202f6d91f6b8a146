/**
 * Response shapes: Status objects, content negotiation on the Accept header (full object,
 * PartialObjectMetadata(List), Table) and the lists/tables built from store pages.
 */
import { reasonForCode } from './faults';
import { groupVersionOf, type ResourceType } from './resources';
import type { KubeObject, ListPage } from './store';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number };
  code: number;
}

export function statusBody(code: number, message: string, details?: StatusBody['details'], reason = reasonForCode(code)): StatusBody {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) {
    // Like the API server, empty fields are omitted (core group "" is not written).
    const d = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== ''));
    if (Object.keys(d).length) body.details = d;
  }
  return body;
}

/** What representation the client asked for. */
export type Representation = 'object' | 'metadata' | 'table' | 'unsupported';

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [{ type: '*/*', params: {} }];
  return accept.split(',').map((part) => {
    const [type, ...rest] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
    }
    return { type: (type || '*/*').toLowerCase(), params };
  });
}

/** The first acceptable representation, in the client's order (as the API server negotiates). */
export function negotiate(accept: string | undefined): Representation {
  for (const m of parseAccept(accept)) {
    if (m.type !== 'application/json' && m.type !== '*/*' && m.type !== 'application/*') continue;
    const as = m.params.as;
    if (!as) return 'object';
    if (m.params.g !== 'meta.k8s.io') continue;
    if (as === 'PartialObjectMetadataList' || as === 'PartialObjectMetadata') return 'metadata';
    if (as === 'Table') return 'table';
  }
  return 'unsupported';
}

/** A single object as the API server returns it (with apiVersion of the requested version). */
export function objectResponse(type: ResourceType, obj: KubeObject, rep: Representation): Record<string, unknown> {
  if (rep === 'metadata') return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  return { ...obj, apiVersion: groupVersionOf(type), kind: type.kind };
}

function listMetadata(page: ListPage): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continueToken) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  return meta;
}

/** A list response: typed list (items without apiVersion/kind for built-ins) or PartialObjectMetadataList. */
export function listResponse(type: ResourceType, page: ListPage, rep: 'object' | 'metadata'): Record<string, unknown> {
  if (rep === 'metadata') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: listMetadata(page),
      items: page.items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })),
    };
  }
  const gv = groupVersionOf(type);
  return {
    kind: `${type.kind}List`,
    apiVersion: gv,
    metadata: listMetadata(page),
    items: page.items.map((o) => {
      if (type.custom) return { ...o, apiVersion: gv, kind: type.kind };
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    }),
  };
}

/** "5d", "3h", "12m", "40s" like kubectl's AGE column. */
export function humanAge(since: string | undefined, now = Date.now()): string {
  const t = since ? Date.parse(since) : NaN;
  if (Number.isNaN(t)) return '<unknown>';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 730 ? `${d}d` : `${Math.floor(d / 365)}y`;
}

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  description: string;
  cell: (o: KubeObject) => string | number;
}

function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const KIND_COLUMNS: Record<string, Column[]> = {
  Pod: [
    {
      name: 'Ready',
      type: 'string',
      description: 'Ready containers / all containers',
      cell: (o) => {
        const statuses = arr(get(o, 'status', 'containerStatuses'));
        return `${statuses.filter((s) => get(s, 'ready') === true).length}/${arr(get(o, 'spec', 'containers')).length}`;
      },
    },
    { name: 'Status', type: 'string', description: 'Pod phase', cell: (o) => String(get(o, 'status', 'phase') ?? 'Pending') },
    {
      name: 'Restarts',
      type: 'integer',
      description: 'Container restarts',
      cell: (o) => arr(get(o, 'status', 'containerStatuses')).reduce<number>((n, s) => n + Number(get(s, 'restartCount') ?? 0), 0),
    },
  ],
  Deployment: [
    {
      name: 'Ready',
      type: 'string',
      description: 'Ready replicas / desired',
      cell: (o) => `${Number(get(o, 'status', 'readyReplicas') ?? 0)}/${Number(get(o, 'spec', 'replicas') ?? 1)}`,
    },
    { name: 'Up-to-date', type: 'integer', description: 'Updated replicas', cell: (o) => Number(get(o, 'status', 'updatedReplicas') ?? 0) },
    { name: 'Available', type: 'integer', description: 'Available replicas', cell: (o) => Number(get(o, 'status', 'availableReplicas') ?? 0) },
  ],
  Service: [
    { name: 'Type', type: 'string', description: 'Service type', cell: (o) => String(get(o, 'spec', 'type') ?? 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', description: 'Cluster IP', cell: (o) => String(get(o, 'spec', 'clusterIP') ?? '<none>') },
    {
      name: 'Ports',
      type: 'string',
      description: 'Ports',
      cell: (o) =>
        arr(get(o, 'spec', 'ports'))
          .map((p) => `${String(get(p, 'port'))}${get(p, 'nodePort') ? `:${String(get(p, 'nodePort'))}` : ''}/${String(get(p, 'protocol') ?? 'TCP')}`)
          .join(',') || '<none>',
    },
  ],
  Secret: [
    { name: 'Type', type: 'string', description: 'Secret type', cell: (o) => String(get(o, 'type') ?? 'Opaque') },
    {
      name: 'Data',
      type: 'integer',
      description: 'Number of keys (values are never shown)',
      cell: (o) => Object.keys((get(o, 'data') as object | undefined) ?? {}).length,
    },
  ],
  Node: [
    {
      name: 'Status',
      type: 'string',
      description: 'Ready condition',
      cell: (o) => (arr(get(o, 'status', 'conditions')).some((c) => get(c, 'type') === 'Ready' && get(c, 'status') === 'True') ? 'Ready' : 'NotReady'),
    },
    { name: 'Version', type: 'string', description: 'Kubelet version', cell: (o) => String(get(o, 'status', 'nodeInfo', 'kubeletVersion') ?? '') },
  ],
};

/** A meta.k8s.io/v1 Table of the page, as `kubectl get` asks for (includeObject: None | Metadata | Object). */
export function tableResponse(type: ResourceType, page: ListPage, includeObject: string | null, now = Date.now()): Record<string, unknown> {
  const columns: Column[] = [
    { name: 'Name', type: 'string', description: 'Name must be unique within a namespace.', cell: (o) => o.metadata.name ?? '' },
    ...(KIND_COLUMNS[type.kind] ?? []),
    { name: 'Age', type: 'date', description: 'Time since creation', cell: (o) => humanAge(o.metadata.creationTimestamp, now) },
  ];
  const include = includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata(page),
    columnDefinitions: columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      format: i === 0 ? 'name' : '',
      description: c.description,
      priority: 0,
    })),
    rows: page.items.map((o) => {
      const row: Record<string, unknown> = { cells: columns.map((c) => c.cell(o)) };
      if (include === 'Object') row.object = { ...o, apiVersion: groupVersionOf(type), kind: type.kind };
      else if (include === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      return row;
    }),
  };
}
