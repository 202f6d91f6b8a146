import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './privilege-escalation-allowed';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/privilege-escalation-allowed', name));

describe('privilege-escalation-allowed', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'privilege-escalation-allowed'));

  it('fails explicit true and CAP_SYS_ADMIN, passes explicit false', () => {
    const results = runCheck(check, fixture('fail.allowed.yaml'));
    const byName = Object.fromEntries(results.map((r) => [r.detail, r]));
    expect(byName['explicit']).toMatchObject({ status: 'fail', path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation' });
    expect(byName['sysadmin']).toMatchObject({ status: 'fail', path: 'spec.template.spec.containers[1].securityContext.capabilities' });
    // Setting the field alone cannot fix a SYS_ADMIN container (the API rejects the combination).
    expect(byName['sysadmin']!.patch).toBeUndefined();
    expect(byName['safe']!.status).toBe('pass');
  });

  it('fails when the field is unset, because Kubernetes then allows escalation', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', resource: { kind: 'Job', name: 'migrate' }, path: 'spec.template.spec.containers[0].securityContext' });
    expect(parse(results[0]!.patch!.body)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'migrate', securityContext: { allowPrivilegeEscalation: false } }] } } },
    });
  });

  it('passes a hardened workload, init containers included', () => {
    const results = runCheck(check, fixture('pass.hardened.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.detail)).toEqual(['init', 'app']);
  });

  it('does not assess Windows pods', () => {
    expect(runCheck(check, fixture('pass.windows.yaml'))).toEqual([]);
  });
});
