import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './image-untrusted-registry';
import { normalizeRegistryEntry } from './_shared/registries';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const snapshot = loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/image-untrusted-registry', 'fail.mixed-registries.yaml'));

describe('image-untrusted-registry', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'image-untrusted-registry'));

  it('is silent until trusted registries are configured (setting unset)', () => {
    expect(runCheck(check, snapshot)).toEqual([]);
    expect(runCheck(check, snapshot, { trustedRegistries: ['  '] })).toEqual([]);
  });

  it('fails images outside the trusted prefixes and passes those inside, with Docker Hub names normalised', () => {
    const results = runCheck(check, snapshot, { trustedRegistries: ['https://registry.example.com/', 'ghcr.io/acme', 'index.docker.io/library'] });
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['api', 'pass'],
      ['nginx', 'pass'],
      ['team-image', 'pass'],
      ['lookalike', 'fail'],
      ['hub-user', 'fail'],
    ]);
    expect(results[4]!.evidence).toMatchObject({ registry: 'docker.io', repository: 'someuser/tool' });
    expect(results[3]!.path).toBe('spec.template.spec.containers[3].image');
  });

  it('trusts a Docker Hub namespace given without a registry', () => {
    const results = runCheck(check, snapshot, { trustedRegistries: ['someuser'] });
    expect(results.filter((r) => r.status === 'pass').map((r) => r.detail)).toEqual(['hub-user']);
  });

  it('reads a * in a trusted entry as any run of characters within one path segment (ECR account / region hosts)', () => {
    const results = runCheck(check, snapshot, { trustedRegistries: ['*.example.com', 'ghcr.io/*-evil'] });
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['api', 'pass'],
      ['nginx', 'fail'],
      ['team-image', 'fail'],
      ['lookalike', 'pass'],
      ['hub-user', 'fail'],
    ]);
    expect(results[0]!.evidence).toMatchObject({ matched: '*.example.com' });
  });

  it('normalises registry entries', () => {
    expect(normalizeRegistryEntry('docker.io')).toBe('docker.io');
    expect(normalizeRegistryEntry('Registry.Example.com:5000/Team/')).toBe('registry.example.com:5000/Team');
    expect(normalizeRegistryEntry('registry-1.docker.io/bitnami')).toBe('docker.io/bitnami');
    expect(normalizeRegistryEntry('library')).toBe('docker.io/library');
  });
});
