/**
 * Framework mappings (CIS, NSA/CISA, Pod Security Standards) of every check, merged from one data
 * file per section: lib/checks/frameworks/<section>.ts exports `frameworks: FrameworkTable`
 * (check id → mapping). Data only: no logic lives in those files.
 */
import { frameworks as authentication } from './authentication';
import { frameworks as authorization } from './authorization';
import { frameworks as cluster } from './cluster';
import { frameworks as images } from './images';
import { frameworks as secrets } from './secrets';
import { frameworks as workloads } from './workloads';
import type { FrameworkMapping, FrameworkTable } from './types';

export type { FrameworkMapping, FrameworkTable } from './types';

const TABLES: readonly FrameworkTable[] = [cluster, authentication, authorization, images, workloads, secrets];

/** Every check id → its mappings. A check id in two tables is a mistake the catalog test reports. */
export const FRAMEWORKS: Readonly<FrameworkTable> = Object.assign({}, ...TABLES) as FrameworkTable;

/** Ids that appear in more than one section's table (should be empty). */
export function duplicateFrameworkIds(): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const t of TABLES) for (const id of Object.keys(t)) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

/** The framework references of one check ({} when it maps to none). */
export function frameworksFor(checkId: string): FrameworkMapping {
  return FRAMEWORKS[checkId] ?? {};
}
