/**
 * The check catalog: every check of every guide section, in section order (docs/ARCHITECTURE.md).
 * Each section folder's index.ts exports `checks: Check[]`; lib/checks/catalog.test.ts fails when
 * a check file is missing here, an id repeats or metadata is incomplete.
 */
import { checks as authenticationChecks } from './authentication/index';
import { checks as authorizationChecks } from './authorization/index';
import { checks as clusterChecks } from './cluster/index';
import { checks as imagesChecks } from './images/index';
import { checks as secretsChecks } from './secrets/index';
import { checks as workloadsChecks } from './workloads/index';
import { SECTION_IDS, type Check, type SectionId } from './types';

export const CHECKS_BY_SECTION: Readonly<Record<SectionId, readonly Check[]>> = {
  cluster: clusterChecks,
  authentication: authenticationChecks,
  authorization: authorizationChecks,
  images: imagesChecks,
  workloads: workloadsChecks,
  secrets: secretsChecks,
};

/** All checks, grouped by section in guide order, each section's checks sorted by id. */
export const CHECKS: readonly Check[] = SECTION_IDS.flatMap((s) => [...CHECKS_BY_SECTION[s]].sort((a, b) => a.id.localeCompare(b.id)));

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function getCheck(id: string): Check | undefined {
  return byId.get(id);
}
