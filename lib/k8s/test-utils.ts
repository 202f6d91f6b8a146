/**
 * Test helper: YAML text into a snapshot, each object routed by the kind registry
 * (lib/k8s/kinds.ts) like every loader, but kept as written (not sanitized or defaulted, unlike
 * lib/k8s/load), so a test exercises its subject and nothing else. A kind Rampart does not read
 * is an error, not a silent extra; `kind: List` is expanded.
 */
import { parseAllDocuments } from 'yaml';
import { objectsKeyFor } from './load/classify';
import { makeSnapshot, type ClusterSnapshot, type SnapshotObjects } from './snapshot';

interface RawObject {
  apiVersion?: string;
  kind?: string;
  items?: unknown[];
  [field: string]: unknown;
}

/** `texts`: YAML documents (multi-document each); `origin` names them in errors. */
export function snapshotFromYaml(texts: string | readonly string[], origin = 'fixture'): ClusterSnapshot {
  const lists: Partial<Record<keyof SnapshotObjects, unknown[]>> = {};
  const push = (obj: RawObject): void => {
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items) push(item as RawObject);
      return;
    }
    const key = objectsKeyFor(String(obj.apiVersion ?? ''), String(obj.kind ?? ''));
    if (!key) throw new Error(`${origin}: object ${obj.apiVersion} ${obj.kind}: not a kind Rampart reads (lib/k8s/kinds.ts)`);
    (lists[key] ??= []).push(obj);
  };
  for (const text of typeof texts === 'string' ? [texts] : texts) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${origin}: ${doc.errors[0]!.message}`);
      const value: unknown = doc.toJS();
      if (value && typeof value === 'object') push(value as RawObject);
    }
  }
  // Test YAML is API-server JSON in shape; the snapshot lists are typed by those shapes.
  return makeSnapshot({ objects: lists as Partial<SnapshotObjects> });
}
