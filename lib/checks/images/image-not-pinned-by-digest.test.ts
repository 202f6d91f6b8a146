import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './image-not-pinned-by-digest';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/image-not-pinned-by-digest', name));

describe('image-not-pinned-by-digest', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'image-not-pinned-by-digest'));

  it('fails tagged and untagged images without a digest', () => {
    const results = runCheck(check, fixture('fail.tag-only.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([
      ['backup', 'fail', 'spec.jobTemplate.spec.template.spec.containers[0].image'],
      ['untagged', 'fail', 'spec.jobTemplate.spec.template.spec.containers[1].image'],
    ]);
  });

  it('passes a digest-pinned image; system namespaces are not assessed', () => {
    const results = runCheck(check, fixture('pass.digest.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['api', 'pass']]);
  });

  it('fails malformed digests (too short, upper-case hex, a tag after @, unknown algorithm); a well-formed sha512 digest pins', () => {
    const results = runCheck(check, fixture('fail.malformed-digest.yaml'));
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['short', 'fail'],
      ['upper', 'fail'],
      ['tag-as-digest', 'fail'],
      ['unknown-algorithm', 'fail'],
      ['sha512', 'pass'],
    ]);
    expect(results[0]!.message).toContain('not a valid digest');
  });
});
