/**
 * kube-sim stands in for a real API server in the collector's tests, so it must serve every kind
 * the collector lists on every scan (lib/k8s/kinds.ts CORE_KINDS) under the same group, version,
 * plural and scope. Add-on kinds are served from the CRDs a test loads.
 */
import { describe, expect, it } from 'vitest';
import { CORE_KINDS } from '../k8s/kinds';
import { BUILTIN_RESOURCES } from './resources';

describe('kube-sim and the kind registry', () => {
  it('serves every core kind the collector lists, as the registry describes it', () => {
    const served = new Map(BUILTIN_RESOURCES.map((r) => [`${r.group}/${r.kind}`, r]));
    const problems = CORE_KINDS.flatMap((k) => {
      const r = served.get(`${k.group}/${k.kind}`);
      if (!r) return [`${k.group}/${k.kind}: not served`];
      const want = { version: k.version, plural: k.resource, namespaced: !k.clusterScoped, list: true };
      const have = { version: r.version, plural: r.plural, namespaced: r.namespaced, list: r.verbs.includes('list') };
      return JSON.stringify(want) === JSON.stringify(have) ? [] : [`${k.group}/${k.kind}: registry ${JSON.stringify(want)}, kube-sim ${JSON.stringify(have)}`];
    });
    expect(problems).toEqual([]);
  });
});
