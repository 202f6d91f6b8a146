/**
 * Test helpers for checks: load fixture YAML into a snapshot, run one check against it.
 * Kept deliberately small: objects are routed by the kind registry like every loader, but not
 * sanitized or defaulted (lib/k8s/load), so a check test exercises the check and nothing else.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ClusterSnapshot } from '../k8s/snapshot';
import { snapshotFromYaml } from '../k8s/test-utils';
import { createCheckContext } from './context';
import { DEFAULT_SCAN_SETTINGS, type Check, type CheckResult, type ScanSettings } from './types';

/**
 * Reads one or more YAML files (multi-document, `kind: List` expanded) into a snapshot. Each object
 * goes to the bucket the kind registry gives its apiVersion and kind (lib/k8s/kinds.ts), as in
 * every loader; a kind Rampart does not read is an error, not a silent extra. Objects are kept
 * as written: a missing namespace stays missing, as in a manifest (lib/k8s/test-utils.ts).
 */
export function loadFixtureSnapshot(paths: string | string[]): ClusterSnapshot {
  const files = Array.isArray(paths) ? paths : [paths];
  return snapshotFromYaml(files.map((file) => readFileSync(file, 'utf8')), files.join(', '));
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
