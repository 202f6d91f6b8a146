/**
 * Every check declares what it reads (`Check.reads`), and the declaration is held to the truth:
 * - what a check reads while evaluating the demo cluster, every check fixture and the real-world
 *   corpus (observed through a recording context, lib/checks/reads.ts) is in its declaration;
 * - every bucket it declares is filled by a collector list (lib/k8s/kinds.ts), so a check never
 *   depends on a kind a live scan does not collect.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listedBuckets } from '../k8s/kinds';
import { loadManifests } from '../k8s/load/manifests';
import type { ClusterSnapshot } from '../k8s/snapshot';
import { CHECKS } from './index';
import { expandReads, observeReads, unlistedReads } from './reads';

const ROOT = path.resolve(import.meta.dirname, '../..');

function fixtureDirs(): string[] {
  const out = [path.join(ROOT, 'fixtures/demo-cluster')];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const p = path.join(dir, entry);
      if (!statSync(p).isDirectory()) continue;
      if (entry === '__fixtures__' || p.includes(`${path.sep}__fixtures__${path.sep}`)) out.push(p);
      walk(p);
    }
  };
  walk(path.join(ROOT, 'lib/checks'));
  const corpus = path.join(ROOT, 'fixtures/real-world');
  for (const set of readdirSync(corpus)) out.push(path.join(corpus, set));
  return out;
}

describe('what checks read', () => {
  const snapshots: ClusterSnapshot[] = fixtureDirs().map((dir) => loadManifests(dir).snapshot);

  it('reads only what it declares, on every fixture', () => {
    const undeclared: string[] = [];
    for (const check of CHECKS) {
      const declared = expandReads(check.reads);
      for (const snapshot of snapshots) {
        for (const bucket of observeReads(check, snapshot)) if (!declared.has(bucket)) undeclared.push(`${check.id} reads ${bucket}`);
      }
    }
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('declares only kinds the collector lists', () => {
    const listed = listedBuckets();
    expect(CHECKS.flatMap((c) => unlistedReads(c, listed).map((b) => `${c.id}: ${b}`))).toEqual([]);
  });

  it('fails when the collector stops listing a kind a check reads', () => {
    const listed = listedBuckets();
    listed.delete('gatewayApi');
    expect(CHECKS.filter((c) => unlistedReads(c, listed).length > 0).map((c) => c.id)).toContain('admin-ui-exposed');
  });

  it('every check of the catalog declares its reads, each once', () => {
    for (const check of CHECKS) {
      expect(check.reads, check.id).toBeDefined();
      expect(new Set(check.reads).size, check.id).toBe(check.reads!.length);
    }
  });
});
