/** Storing a scan's image inventory (lib/vulnerabilities) as its `vulnerabilities` artifact, in the scan's transaction. */
import type { DbTransaction } from '../db';
import { makeStorable } from '../k8s/storable-text';
import { VULNERABILITY_ARTIFACT_KIND, type VulnerabilityInventory } from '../vulnerabilities/inventory';

export async function persistVulnerabilityInventory(tx: DbTransaction, scanId: string, inventory: VulnerabilityInventory): Promise<void> {
  await tx.scanArtifact.deleteMany({ where: { scanId, kind: VULNERABILITY_ARTIFACT_KIND } });
  await tx.scanArtifact.create({ data: { scanId, kind: VULNERABILITY_ARTIFACT_KIND, data: makeStorable(inventory) as object } });
}
