import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './host-port';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/host-port', name));

describe('host-port', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'host-port'));

  it('fails a container with host ports, pointing at the first one; hostPort 0 is unset', () => {
    const results = runCheck(check, fixture('fail.host-port.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([
      ['controller', 'fail', 'spec.template.spec.containers[0].ports[1].hostPort'],
      ['metrics', 'pass', 'spec.template.spec.containers[1].ports'],
    ]);
    expect(results[0]!.evidence?.hostPorts).toEqual([
      { hostPort: 443, containerPort: 8443, protocol: 'TCP' },
      { hostPort: 53, containerPort: 5353, protocol: 'UDP' },
    ]);
  });

  it('passes containers without host ports (field unset)', () => {
    const results = runCheck(check, fixture('pass.unset.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(2);
  });

  it('leaves host-network pods to host-namespaces', () => {
    expect(runCheck(check, fixture('pass.host-network-not-assessed.yaml'))).toEqual([]);
  });
});
