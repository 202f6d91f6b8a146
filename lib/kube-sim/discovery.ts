/**
 * Discovery documents, shaped like a v1.30 API server's: /version, /api (APIVersions),
 * /api/v1 and /apis/<group>/<version> (APIResourceList), /apis (APIGroupList), /apis/<group> (APIGroup).
 */
import { groupVersionOf, type ResourceRegistry, type ResourceType } from './resources';

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** Version info for a gitVersion such as "v1.30.4". */
export function serverVersion(gitVersion = 'v1.30.4'): ServerVersion {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  if (!m) throw new Error(`gitVersion must look like v1.30.4, got ${gitVersion}`);
  return {
    major: m[1],
    minor: m[2],
    gitVersion,
    gitCommit: 'a51b3b711150f57ffc1f526a640ec058514ed596',
    gitTreeState: 'clean',
    buildDate: '2024-08-14T18:53:06Z',
    goVersion: 'go1.22.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map((g) => groupEntry(g.name, g.versions)),
  };
}

export function apiGroup(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const g = registry.groups().find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.name, g.versions) } : undefined;
}

function resourceEntries(t: ResourceType): Array<Record<string, unknown>> {
  const main: Record<string, unknown> = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
  };
  if (t.shortNames?.length) main.shortNames = t.shortNames;
  if (t.categories?.length) main.categories = t.categories;
  const subs = (t.subresources ?? []).map((s) => ({
    name: `${t.plural}/${s.name}`,
    singularName: '',
    namespaced: t.namespaced,
    kind: s.kind,
    verbs: s.verbs,
    ...(s.kind === 'Scale' ? { group: 'autoscaling', version: 'v1' } : {}),
  }));
  return [main, ...subs];
}

/** APIResourceList for a group/version, or undefined when nothing is served there. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionOf({ group, version }),
    resources: types.flatMap(resourceEntries),
  };
}
