/**
 * Test-only helpers for the cluster / authentication / secrets checks: load YAML
 * fixtures into a ClusterSnapshot (static Pods become `controlPlane` through
 * extractControlPlane, KubeletConfiguration documents become `kubelets` named by
 * metadata.name) and run a check on it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SnapshotBuilder } from '../../../k8s/load/builder';
import type { ClusterSnapshot } from '../../../k8s/snapshot';
import { createCheckContext } from '../../context';
import type { Check, CheckResult } from '../../types';

/**
 * Parses YAML documents into a snapshot through the production loader's builder, so fixtures
 * load exactly as a manifest directory would (namespaces defaulted, Secrets reduced to
 * metadata, static Pods → controlPlane, KubeletConfiguration → kubelets).
 */
export function snapshotFromYaml(texts: string[], extra: { serverVersion?: string } = {}): ClusterSnapshot {
  const builder = new SnapshotBuilder();
  const add = (doc: unknown): void => {
    if (doc && typeof doc === 'object' && (doc as { kind?: unknown }).kind === 'List' && Array.isArray((doc as { items?: unknown }).items)) {
      for (const item of (doc as { items: unknown[] }).items) add(item);
      return;
    }
    if (doc !== null && doc !== undefined) builder.add(doc);
  };
  for (const text of texts) {
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) throw new Error(`invalid fixture YAML: ${document.errors[0].message}`);
      add(document.toJS());
    }
  }
  return builder.build({ type: 'manifests', name: 'fixture' }, { serverVersion: extra.serverVersion });
}

/** Loads `__fixtures__/<checkId>/<file>` next to a check. */
export function loadFixture(sectionDir: string, checkId: string, ...files: string[]): ClusterSnapshot {
  return snapshotFromYaml(files.map((f) => readFileSync(path.join(sectionDir, '__fixtures__', checkId, f), 'utf8')));
}

export function run(check: Check, snapshot: ClusterSnapshot): CheckResult[] {
  return [...check.evaluate(createCheckContext(snapshot))];
}

export function byStatus(results: CheckResult[], status: CheckResult['status']): CheckResult[] {
  return results.filter((r) => r.status === status);
}
