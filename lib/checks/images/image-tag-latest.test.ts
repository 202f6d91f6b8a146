import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './image-tag-latest';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/image-tag-latest', name));

describe('image-tag-latest', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'image-tag-latest'));

  it('fails :latest and untagged images (the runtime pulls latest), including registries with ports and system namespaces', () => {
    const results = runCheck(check, fixture('fail.latest.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status])).toEqual([
      ['web', 'init', 'fail'],
      ['web', 'web', 'fail'],
      ['web', 'sidecar', 'fail'],
      ['web', 'versioned', 'pass'],
      ['custom-agent', 'agent', 'fail'],
    ]);
    expect(results[1]!.path).toBe('spec.template.spec.containers[0].image');
    expect(results[0]!.path).toBe('spec.template.spec.initContainers[0].image');
  });

  it('passes digest-pinned images (even with a latest tag) and version tags', () => {
    const results = runCheck(check, fixture('pass.pinned.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(3);
  });

  it('fails :latest whose digest is malformed (it pins nothing); a well-formed digest still passes', () => {
    const results = runCheck(check, fixture('fail.latest-with-malformed-digest.yaml'));
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['short-digest', 'fail'],
      ['real-digest', 'pass'],
    ]);
  });
});
