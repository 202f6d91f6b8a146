import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './capabilities-not-dropped';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/capabilities-not-dropped', name));

describe('capabilities-not-dropped', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'capabilities-not-dropped'));

  it('fails a container that drops only some capabilities', () => {
    const results = runCheck(check, fixture('fail.partial-drop.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', detail: 'cache', path: 'spec.template.spec.containers[0].securityContext.capabilities.drop' });
  });

  it('fails when drop is unset (the runtime default set stays)', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', path: 'spec.containers[0].securityContext' });
    expect(parse(results[0]!.patch!.body)).toEqual({ spec: { containers: [{ name: 'app', securityContext: { capabilities: { drop: ['ALL'] } } }] } });
  });

  it('fails CAP_ALL: the runtimes match "ALL" case-insensitively and read CAP_ALL as a capability that does not exist', () => {
    const results = runCheck(check, fixture('fail.cap-all-prefix.yaml'));
    expect(results.map((r) => [r.detail, r.status])).toEqual([['api', 'fail']]);
    expect(results[0]!.message).toContain('CAP_ALL');
  });

  it('fails a privileged container even when it drops ALL: runtimes ignore drop and grant every capability', () => {
    const results = runCheck(check, fixture('fail.privileged-drop-all.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([['agent', 'fail', 'spec.template.spec.containers[0].securityContext.privileged']]);
    expect(results[0]!.message).toContain('privileged');
    // The fix is to drop privileged mode (privileged-container), not to add drop: [ALL] again.
    expect(results[0]!.patch).toBeUndefined();
  });

  it('passes drop ALL in any letter case', () => {
    const results = runCheck(check, fixture('pass.drop-all.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.detail)).toEqual(['init', 'web']);
  });
});
