/**
 * Test helpers for checks: load fixture YAML into a snapshot, run one check against it.
 * Kept deliberately small: objects are routed by the kind registry like every loader, but not
 * sanitized or defaulted (lib/k8s/load), so a check test exercises the check and nothing else.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { expect } from 'vitest';
import { objectsKeyFor } from '../k8s/load/classify';
import { makeSnapshot, type ClusterSnapshot, type SnapshotObjects } from '../k8s/snapshot';
import { createCheckContext } from './context';
import { DEFAULT_SCAN_SETTINGS, type Check, type CheckResult, type ScanSettings } from './types';

interface RawObject {
  apiVersion?: string;
  kind?: string;
  items?: unknown[];
  [field: string]: unknown;
}

/**
 * Reads one or more YAML files (multi-document, `kind: List` expanded) into a snapshot. Each object
 * goes to the bucket the kind registry gives its apiVersion and kind (lib/k8s/kinds.ts), as in
 * every loader; a kind Rampart does not read is an error, not a silent extra. Objects are kept
 * as written: a missing namespace stays missing, as in a manifest.
 */
export function loadFixtureSnapshot(paths: string | string[]): ClusterSnapshot {
  const lists: Partial<Record<keyof SnapshotObjects, unknown[]>> = {};
  const push = (obj: RawObject): void => {
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items) push(item as RawObject);
      return;
    }
    const key = objectsKeyFor(String(obj.apiVersion ?? ''), String(obj.kind ?? ''));
    if (!key) throw new Error(`fixture object ${obj.apiVersion} ${obj.kind}: not a kind Rampart reads (lib/k8s/kinds.ts)`);
    (lists[key] ??= []).push(obj);
  };
  for (const file of Array.isArray(paths) ? paths : [paths]) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const value: unknown = doc.toJS();
      if (value && typeof value === 'object') push(value as RawObject);
    }
  }
  // Fixture YAML is API-server JSON in shape; the snapshot lists are typed by those shapes.
  return makeSnapshot({ objects: lists as Partial<SnapshotObjects> });
}

/** Runs one check on a snapshot with the given settings (defaults: DEFAULT_SCAN_SETTINGS). */
export function runCheck(check: Check, snapshot: ClusterSnapshot, settings: Partial<ScanSettings> = {}): CheckResult[] {
  return [...check.evaluate(createCheckContext(snapshot, { ...DEFAULT_SCAN_SETTINGS, ...settings }))];
}

/** Results with status `fail`. */
export function failures(results: CheckResult[]): CheckResult[] {
  return results.filter((r) => r.status === 'fail');
}

/** Results with status `pass`. */
export function passes(results: CheckResult[]): CheckResult[] {
  return results.filter((r) => r.status === 'pass');
}

/**
 * Asserts the metadata every check must carry: id equal to the file name, a guide section
 * reference, text for description, rationale and remediation.
 */
export function expectCompleteMetadata(check: Check, fileId: string): void {
  expect(check.id).toBe(fileId);
  expect(check.title.length).toBeGreaterThan(0);
  expect(check.guideRef).toMatch(/^\d+(\.\d+)*$/);
  expect(check.description.length).toBeGreaterThan(20);
  expect(check.rationale.length).toBeGreaterThan(20);
  expect(check.remediation.steps.length).toBeGreaterThan(0);
}
