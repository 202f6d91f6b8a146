import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './dangerous-capabilities';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/dangerous-capabilities', name));

describe('dangerous-capabilities', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'dangerous-capabilities'));

  it('fails added capabilities outside the baseline set, critical for escape capabilities', () => {
    const results = runCheck(check, fixture('fail.added.yaml'));
    const byName = Object.fromEntries(results.map((r) => [r.detail, r]));
    expect(byName['tunnel']).toMatchObject({
      status: 'fail',
      severity: 'high',
      path: 'spec.template.spec.containers[0].securityContext.capabilities.add',
      evidence: expect.objectContaining({ dangerous: ['NET_ADMIN'] }),
    });
    // The patch keeps the harmless capability and removes the dangerous one.
    expect(parse(byName['tunnel']!.patch!.body)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'tunnel', securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }] } } },
    });
    expect(byName['debugger']).toMatchObject({ status: 'fail', severity: 'critical', evidence: expect.objectContaining({ dangerous: ['SYS_PTRACE'] }) });
    expect(byName['everything']).toMatchObject({ status: 'fail', severity: 'critical' });
  });

  it('passes when only baseline capabilities are added', () => {
    const results = runCheck(check, fixture('pass.baseline-only.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results)).toHaveLength(1);
  });

  it('passes when nothing is added (field unset)', () => {
    const results = runCheck(check, fixture('pass.unset.yaml'));
    expect(results.map((r) => [r.status, r.path])).toEqual([['pass', 'spec.containers[0].securityContext']]);
  });

  it('does not assess system namespaces', () => {
    expect(runCheck(check, fixture('pass.system-namespace.yaml'))).toEqual([]);
  });
});
