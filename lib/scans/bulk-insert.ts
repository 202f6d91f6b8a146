/**
 * Bulk inserts for persisting scans. One `INSERT … SELECT FROM unnest(<arrays>)` statement per
 * chunk: a handful of array parameters instead of one bind parameter per cell, which is several
 * times faster than Prisma's createMany for the 100k-row inserts of a large first scan
 * (docs/BENCHMARKS.md). Column names are the ones prisma/schema.prisma maps to.
 */
import type { DbTransaction, Prisma } from '../db';

const CHUNK = 10_000;

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Inserts new open findings (all first seen in `scanId`). */
export async function insertFindings(tx: DbTransaction, rows: readonly Prisma.FindingCreateManyInput[], scanId: string, at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const col = <T>(f: (r: Prisma.FindingCreateManyInput) => T) => part.map(f);
    await tx.$executeRaw`
      INSERT INTO findings (id, cluster_id, fingerprint, check_id, section, severity, resource_api_version, resource_kind,
        resource_namespace, resource_name, path, detail, message, evidence, patch, manifest_hash, exception_id, status,
        first_seen_scan_id, last_seen_scan_id, first_seen_at, last_seen_at)
      SELECT u.id, u.cluster_id, u.fingerprint, u.check_id, u.section, u.severity::severity, u.api_version, u.kind,
        u.namespace, u.name, u.path, u.detail, u.message, u.evidence::jsonb, u.patch::jsonb, u.manifest_hash, u.exception_id,
        'open'::finding_status, ${scanId}, ${scanId}, ${at}, ${at}
      FROM unnest(
        ${col((r) => r.id as string)}::text[], ${col((r) => r.clusterId)}::text[], ${col((r) => r.fingerprint)}::text[],
        ${col((r) => r.checkId)}::text[], ${col((r) => r.section)}::text[], ${col((r) => r.severity as string)}::text[],
        ${col((r) => r.resourceApiVersion)}::text[], ${col((r) => r.resourceKind)}::text[], ${col((r) => r.resourceNamespace ?? null)}::text[],
        ${col((r) => r.resourceName)}::text[], ${col((r) => r.path ?? null)}::text[], ${col((r) => r.detail ?? null)}::text[],
        ${col((r) => r.message)}::text[], ${col((r) => json(r.evidence))}::text[], ${col((r) => json(r.patch))}::text[],
        ${col((r) => r.manifestHash ?? null)}::text[], ${col((r) => r.exceptionId ?? null)}::text[]
      ) AS u(id, cluster_id, fingerprint, check_id, section, severity, api_version, kind, namespace, name, path, detail,
        message, evidence, patch, manifest_hash, exception_id)`;
  }
}

export interface FindingEventRow {
  id: string;
  findingId: string;
  type: 'opened' | 'resolved' | 'reopened';
}

/** Inserts lifecycle events of one scan. */
export async function insertFindingEvents(tx: DbTransaction, rows: readonly FindingEventRow[], scanId: string, clusterId: string, at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await tx.$executeRaw`
      INSERT INTO finding_events (id, finding_id, scan_id, cluster_id, type, at)
      SELECT u.id, u.finding_id, ${scanId}, ${clusterId}, u.type::finding_event_type, ${at}
      FROM unnest(${part.map((r) => r.id)}::text[], ${part.map((r) => r.findingId)}::text[], ${part.map((r) => r.type)}::text[]) AS u(id, finding_id, type)`;
  }
}
