import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-streaming-timeout';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);
/** The same settings as configz reports them on a live scan (effective values). */
const live = (file: string) => ({ ...load(file), source: { type: 'cluster' as const, name: 'live' } });

describe(check.id, () => {
  it('fails when configz reports 0s: the timeout is disabled', () => {
    const [result] = run(check, live('fail.zero.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Node', name: 'node-1' }, path: 'streamingConnectionIdleTimeout' });
  });

  it('passes 0s in a KubeletConfiguration file: the kubelet defaults a zero duration to 4h', () => {
    const [result] = run(check, load('fail.zero.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('default 4h');
  });

  it('passes when unset (default 4h) and with an explicit timeout', () => {
    expect(run(check, live('pass.unset.yaml'))[0].status).toBe('pass');
    expect(run(check, live('pass.five-minutes.yaml'))[0].status).toBe('pass');
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
