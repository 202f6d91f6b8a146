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

  it('passes drop ALL in any spelling', () => {
    const results = runCheck(check, fixture('pass.drop-all.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.detail)).toEqual(['init', 'web']);
  });
});
