import { describe, expect, it } from 'vitest';
import { forbiddenMessage, isAllowed, ruleMatches } from './auth';
import { humanAge, listResponse, negotiate, statusBody, tableResponse } from './format';
import { BUILTIN_RESOURCES, resourceTypesFromCrd, type ResourceType } from './resources';
import type { ListPage } from './store';

const pods = BUILTIN_RESOURCES.find((t) => t.plural === 'pods') as ResourceType;
const page: ListPage = {
  resourceVersion: '42',
  continueToken: 'tok',
  remainingItemCount: 3,
  items: [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 2 }, { ready: false, restartCount: 1 }] },
    },
  ],
};

describe('Accept negotiation', () => {
  it('follows the client order like the API server', () => {
    expect(negotiate(undefined)).toBe('object');
    expect(negotiate('application/json, */*')).toBe('object');
    expect(negotiate('application/vnd.kubernetes.protobuf, application/json')).toBe('object');
    expect(negotiate('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json')).toBe('metadata');
    expect(negotiate('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1')).toBe('metadata');
    expect(negotiate('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe('table');
    expect(negotiate('application/json;as=Widget;g=example.com;v=v1,application/json')).toBe('object');
    expect(negotiate('application/vnd.kubernetes.protobuf')).toBe('unsupported');
  });
});

describe('response shapes', () => {
  it('omits apiVersion/kind on items of built-in lists and keeps pagination metadata', () => {
    const list = listResponse(pods, page, 'object') as { kind: string; apiVersion: string; metadata: Record<string, unknown>; items: Array<Record<string, unknown>> };
    expect(list.kind).toBe('PodList');
    expect(list.apiVersion).toBe('v1');
    expect(list.metadata).toEqual({ resourceVersion: '42', continue: 'tok', remainingItemCount: 3 });
    expect(list.items[0]).not.toHaveProperty('kind');
    expect(list.items[0]).not.toHaveProperty('apiVersion');
    const [crd] = resourceTypesFromCrd({
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1' }] },
    });
    const custom = listResponse(crd, page, 'object') as { items: Array<Record<string, unknown>> };
    expect(custom.items[0]).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget' });
  });

  it('builds metadata-only lists without spec or status', () => {
    const list = listResponse(pods, page, 'metadata') as { kind: string; items: Array<Record<string, unknown>> };
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(Object.keys(list.items[0]).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('builds a Table with per-kind columns', () => {
    const table = tableResponse(pods, page, null, Date.parse('2026-01-03T01:00:00Z')) as {
      columnDefinitions: Array<{ name: string }>;
      rows: Array<{ cells: unknown[]; object: { kind: string } }>;
    };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.rows[0].cells).toEqual(['p', '1/2', 'Running', 3, '2d']);
    expect(table.rows[0].object.kind).toBe('PartialObjectMetadata');
    expect((tableResponse(pods, page, 'None') as { rows: Array<Record<string, unknown>> }).rows[0]).not.toHaveProperty('object');
  });

  it('formats ages like kubectl', () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    expect(humanAge('2026-01-31T23:59:30Z', now)).toBe('30s');
    expect(humanAge('2026-01-31T23:00:00Z', now)).toBe('60m');
    expect(humanAge('2026-01-30T00:00:00Z', now)).toBe('2d');
    expect(humanAge(undefined, now)).toBe('<unknown>');
  });

  it('omits empty Status detail fields', () => {
    expect(statusBody(403, 'm', { kind: 'secrets', group: '' })).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'm',
      reason: 'Forbidden',
      details: { kind: 'secrets' },
      code: 403,
    });
  });
});

describe('authorization rules', () => {
  it('matches subresources only when named, like RBAC', () => {
    const exec = { verb: 'get', group: '', resource: 'pods', subresource: 'exec', namespace: 'a' };
    expect(ruleMatches({ resource: 'pods' }, exec)).toBe(false);
    expect(ruleMatches({ resource: 'pods/exec' }, exec)).toBe(true);
    expect(ruleMatches({ resource: 'pods/*' }, exec)).toBe(true);
    expect(isAllowed({ token: 't', user: 'u', deny: [{ resource: 'secrets', namespace: 'a' }] }, { verb: 'list', group: '', resource: 'secrets', namespace: 'b' })).toBe(true);
    expect(isAllowed({ token: 't', user: 'u', deny: [{ resource: 'secrets', namespace: 'a' }] }, { verb: 'list', group: '', resource: 'secrets', namespace: 'a' })).toBe(false);
  });

  it('words Forbidden messages like the API server', () => {
    expect(forbiddenMessage('u', { verb: 'get', group: 'apps', resource: 'deployments', name: 'web', namespace: 'shop' })).toBe(
      'deployments.apps "web" is forbidden: User "u" cannot get resource "deployments" in API group "apps" in the namespace "shop"',
    );
  });
});
