import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { CHECKS as checks } from './index';
import { makeSnapshot } from '../k8s/snapshot';
import { createCheckContext } from './context';
import { KUBELET_CONFIG_API_VERSION, KUBELET_CONFIG_KIND, KUBELET_CONFIG_ROLLOUT } from './kubelet-config';

/** A node whose kubelet has every setting the kubelet checks read at its weakest. */
const weakKubelet = makeSnapshot({
  source: { type: 'cluster', name: 'live' },
  kubelets: [{ nodeName: 'node-1', config: { authentication: { anonymous: { enabled: true } }, authorization: { mode: 'AlwaysAllow' }, readOnlyPort: 10255, streamingConnectionIdleTimeout: '0s' } }],
});

describe('checks whose findings are fixed in the kubelet configuration', () => {
  const failingOnNode = checks.filter((c) => [...c.evaluate(createCheckContext(weakKubelet))].some((r) => r.status === 'fail' && r.resource.kind === 'Node'));

  it('are every check that fails a Node from its kubelet configuration', () => {
    expect(failingOnNode.map((c) => c.id).sort()).toEqual(checks.filter((c) => c.remediation.appliesTo === 'kubelet-config').map((c) => c.id).sort());
    expect(failingOnNode.length).toBeGreaterThanOrEqual(8);
  });

  it.each(checks.filter((c) => c.remediation.appliesTo === 'kubelet-config').map((c) => [c.id, c] as const))('%s: the patch is a KubeletConfiguration fragment and the steps roll it out', (_id, check) => {
    const doc = YAML.parse(check.remediation.patch!) as Record<string, unknown>;
    expect(doc).toMatchObject({ apiVersion: KUBELET_CONFIG_API_VERSION, kind: KUBELET_CONFIG_KIND });
    expect(Object.keys(doc).length).toBeGreaterThan(2);
    expect(doc).not.toHaveProperty('metadata');
    expect(check.remediation.steps).toEqual(expect.arrayContaining([...KUBELET_CONFIG_ROLLOUT]));
    expect(check.remediation.kubectl).toBeUndefined();
  });
});
