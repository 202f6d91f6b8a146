/**
 * The owning team of loaded findings (a page of the browser, an export page, one finding): loads
 * what lib/teams/ownership.ts needs (every team's scopes, the namespaces' labels, and the
 * resources' labels when a scope selects on them) and applies resolveOwner to each row.
 * No 'server-only': the worker's digests and alerts read due dates through it (lib/sla/due.ts).
 */
import type { Db } from '@/lib/db';
import { needsResourceLabels, resolveOwner, type Owner, type ScopeRule } from './ownership';
import { loadScopeRules } from './scope';

export type FindingOwner = Owner;

export interface OwnedRow {
  id: string;
  clusterId: string;
  resourceNamespace: string | null;
  manifestHash?: string | null;
  /** The resource's labels when the caller knows them (then manifestHash is not looked up). */
  resourceLabels?: Readonly<Record<string, string>> | null;
}

const asLabels = (v: unknown): Record<string, string> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : null);

/** Owner per finding id (null: unowned). `rules` may be passed when already loaded. */
export async function ownersOfFindings(db: Db, rows: readonly OwnedRow[], rules?: readonly ScopeRule[]): Promise<Map<string, Owner | null>> {
  const out = new Map<string, Owner | null>();
  if (!rows.length) return out;
  const all = rules ?? (await loadScopeRules(db));
  if (!all.length) {
    for (const r of rows) out.set(r.id, null);
    return out;
  }
  const pairs = [...new Map(rows.filter((r) => r.resourceNamespace).map((r) => [`${r.clusterId}/${r.resourceNamespace}`, { clusterId: r.clusterId, name: r.resourceNamespace! }])).values()];
  const hashes = needsResourceLabels(all) ? [...new Set(rows.filter((r) => r.resourceLabels === undefined).map((r) => r.manifestHash).filter((h): h is string => Boolean(h)))] : [];
  const [namespaces, documents] = await Promise.all([
    all.some((r) => r.kind === 'namespace_label') && pairs.length
      ? db.clusterNamespace.findMany({ where: { OR: pairs }, select: { clusterId: true, name: true, labels: true } })
      : Promise.resolve([]),
    hashes.length
      ? db.$queryRaw<Array<{ id: string; labels: unknown }>>`SELECT id, body->'metadata'->'labels' AS labels FROM resource_documents WHERE id = ANY(${hashes}::text[])`
      : Promise.resolve([]),
  ]);
  const nsLabels = new Map(namespaces.map((n) => [`${n.clusterId}/${n.name}`, asLabels(n.labels)]));
  const resLabels = new Map(documents.map((d) => [d.id, asLabels(d.labels)]));
  for (const r of rows) {
    out.set(
      r.id,
      resolveOwner(
        {
          clusterId: r.clusterId,
          namespace: r.resourceNamespace,
          namespaceLabels: r.resourceNamespace ? (nsLabels.get(`${r.clusterId}/${r.resourceNamespace}`) ?? null) : null,
          resourceLabels: r.resourceLabels !== undefined ? r.resourceLabels : r.manifestHash ? (resLabels.get(r.manifestHash) ?? null) : null,
        },
        all,
      ),
    );
  }
  return out;
}
