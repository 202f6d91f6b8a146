/**
 * ResourceDocument ids: content addresses of failing resources' manifests. The same manifest
 * in the same cluster always gets the same id, so an unchanged manifest is stored once
 * (`upsert`/`createMany({ skipDuplicates: true })` on id).
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted recursively, so equal documents serialise identically. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** hex sha256 of `<clusterId>\n<canonical JSON of body>`. Never pass Secret data as body. */
export function resourceDocumentId(clusterId: string, body: unknown): string {
  return createHash('sha256').update(`${clusterId}\n${canonicalJson(body)}`).digest('hex');
}
