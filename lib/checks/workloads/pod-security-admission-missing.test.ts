import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './pod-security-admission-missing';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/pod-security-admission-missing', name));

describe('pod-security-admission-missing', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'pod-security-admission-missing'));

  it('fails a missing label, the privileged level, warn/audit only and an invalid value', () => {
    const results = runCheck(check, fixture('fail.levels.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['no-label', 'fail'],
      ['privileged-level', 'fail'],
      ['warn-only', 'fail'],
      ['typo', 'fail'],
    ]);
    expect(results[0]!.path).toBe("metadata.labels['pod-security.kubernetes.io/enforce']");
    expect(parse(results[0]!.patch!.body)).toEqual({ metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
    expect(results[3]!.message).toContain('invalid');
  });

  it('passes baseline and restricted; system namespaces are not assessed', () => {
    const results = runCheck(check, fixture('pass.enforced.yaml'));
    expect(results.map((r) => [r.resource.name, r.status, r.evidence?.enforce])).toEqual([
      ['shop', 'pass', 'restricted'],
      ['monitoring', 'pass', 'baseline'],
    ]);
  });

  it('is not applicable to a namespace whose object is not in the snapshot', () => {
    const results = runCheck(check, fixture('not-applicable.missing-namespace-object.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['shop', 'not-applicable']]);
  });
});
