import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-insecure-port';
import { loadFixture, run, snapshotFromYaml } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);
const text = (file: string) => readFileSync(path.join(import.meta.dirname, '__fixtures__', check.id, file), 'utf8');

describe(check.id, () => {
  it('fails a 1.18 API server serving port 8080 on all interfaces, naming the static Pod and flag', () => {
    const [result] = run(check, load('fail.insecure-port-8080-1.18.yaml'));
    expect(result).toMatchObject({
      status: 'fail',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'kube-system', name: 'kube-apiserver-cp-1' },
      path: 'spec.containers[0].command',
      detail: 'insecure-port',
      evidence: { kubernetesMinor: 18 },
    });
    expect(result.message).toContain('--insecure-port=8080');
    expect(result.message).toContain('--insecure-bind-address=0.0.0.0');
  });

  it('fails an unset flag before 1.20, where the port defaults to 8080', () => {
    const [result] = run(check, load('fail.unset-1.19.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('8080');
  });

  it('judges the flags as written when the version is unknown', () => {
    expect(run(check, load('fail.insecure-port-unknown-version.yaml'))[0].status).toBe('fail');
  });

  it('passes 1.19 with the port explicitly 0', () => {
    expect(run(check, load('pass.insecure-port-zero-1.19.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('passes 1.20+ where leftover flags are inert, asking to remove them', () => {
    const [result] = run(check, load('pass.inert-leftovers-1.22.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('remove them');
  });

  it('passes a current API server with the flags unset', () => {
    expect(run(check, load('pass.hardened.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('prefers the cluster version over the image tag', () => {
    const [old] = run(check, snapshotFromYaml([text('pass.hardened.yaml')], { serverVersion: 'v1.19.16' }));
    expect(old.status).toBe('fail');
    const [current] = run(check, snapshotFromYaml([text('fail.unset-1.19.yaml')], { serverVersion: 'v1.30.2' }));
    expect(current.status).toBe('pass');
  });

  it('is not applicable when no API server pod is visible', () => {
    const results = run(check, makeSnapshot({ source: { type: 'cluster', name: 'eks-prod' } }));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'not-applicable', resource: { kind: 'Cluster', name: 'eks-prod' } });
  });
});
