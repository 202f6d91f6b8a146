import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-escalate-bind-impersonate';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-escalate-bind-impersonate', name));

describe('rbac-escalate-bind-impersonate', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-escalate-bind-impersonate'));

  it('fails impersonation and namespace-scoped bind on clusterroles', () => {
    const results = runCheck(check, fixture('fail.escalation.yaml'));
    expect(failures(results).map((r) => [r.resource.name, r.evidence!.risks])).toEqual([
      ['auth-proxy', ['impersonate']],
      ['lead@example.com', ['escalate-bind']],
    ]);
  });

  it('passes bind limited to named roles and escalate that a RoleBinding cannot grant', () => {
    const results = runCheck(check, fixture('pass.restricted.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results)[0]!.message).toContain('only on named objects');
  });

  it('passes a rule without verbs', () => {
    expect(runCheck(check, fixture('pass.unset.yaml')).map((r) => r.status)).toEqual(['pass']);
  });
});
