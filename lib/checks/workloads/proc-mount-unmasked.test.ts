import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './proc-mount-unmasked';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/proc-mount-unmasked', name));

describe('proc-mount-unmasked', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'proc-mount-unmasked'));

  it('fails Unmasked and passes Default', () => {
    const results = runCheck(check, fixture('fail.unmasked.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([
      ['buildkit', 'fail', 'spec.template.spec.containers[0].securityContext.procMount'],
      ['helper', 'pass', 'spec.template.spec.containers[1].securityContext.procMount'],
    ]);
    expect(parse(results[0]!.patch!.body)).toEqual({ spec: { template: { spec: { containers: [{ name: 'buildkit', securityContext: { procMount: 'Default' } }] } } } });
  });

  it('passes when procMount is unset (Kubernetes default: masked)', () => {
    const results = runCheck(check, fixture('pass.unset.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(1);
  });
});
