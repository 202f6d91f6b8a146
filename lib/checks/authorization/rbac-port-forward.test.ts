import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-port-forward';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-port-forward', name));

describe('rbac-port-forward', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-port-forward'));

  it('fails a tunnel role and edit (aggregated from system:aggregate-to-edit)', () => {
    const results = runCheck(check, fixture('fail.port-forward.yaml'));
    expect(failures(results).map((r) => [r.resource.kind, r.resource.name])).toEqual([
      ['Group', 'analysts'],
      ['User', 'dev@example.com'],
    ]);
    expect(failures(results)[1]!.evidence!.grants).toContainEqual(expect.objectContaining({ role: 'ClusterRole edit', aggregatedFrom: 'ClusterRole system:aggregate-to-edit' }));
  });

  it('passes view and `*` verbs on pods (subresources are named separately)', () => {
    const results = runCheck(check, fixture('pass.no-tunnel.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['operator', 'dev@example.com']);
  });
});
