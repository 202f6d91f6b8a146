/**
 * Snapshot uploads from `rampart agent` (POST /api/agent/v1/snapshots). The route hands over the
 * raw request; this module decides:
 *
 *   401  no token, an unknown token, or a revoked one
 *   413  a body over RAMPART_AGENT_MAX_UPLOAD_MB (checked before and while reading)
 *   400  not JSON, or not an upload `{ sequence, nonce, snapshot }` with a snapshot's shape
 *   409  a replay: `sequence` not above the highest one accepted with this token
 *   202  accepted: the snapshot is rebuilt through the same SnapshotBuilder as manifests and
 *        dumps (shape checks, Secret values dropped, control plane re-derived — an upload is
 *        untrusted input), stored, and a scan of trigger "agent" is queued for the worker.
 *
 * Every refusal is audited (action "agent.upload_refused", with the reason and, when the token
 * names one, the cluster); accepted uploads update the token's lastUsedAt and lastSequence.
 */
import { z } from 'zod';
import { recordAudit } from '../auth/audit';
import { getConfig } from '../config';
import type { Db, Prisma } from '../db';
import { SnapshotBuilder } from '../k8s/load/builder';
import type { ClusterSnapshot, CoverageGap } from '../k8s/snapshot';
import { AGENT_TOKEN_PATTERN, hashAgentToken } from './tokens';

/** Snapshots kept per agent cluster (the newest is the one scans read). */
const KEEP_SNAPSHOTS = 2;

export interface AgentUploadResult {
  status: 202 | 400 | 401 | 409 | 413;
  body: { error?: string; scanId?: string; clusterId?: string };
}

const gapSchema = z.object({
  resource: z.string().max(1000),
  reason: z.enum(['forbidden', 'not-found', 'unavailable', 'error', 'unreadable-object']),
  message: z.string().max(5000),
});

export const agentUploadSchema = z.object({
  /** Strictly increasing per token (the agent sends its clock in milliseconds): replays are refused. */
  sequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  nonce: z.string().min(16).max(128),
  snapshot: z.object({
    collectedAt: z.string().max(64),
    serverVersion: z.string().max(200).optional(),
    objects: z.record(z.string().max(100), z.array(z.unknown())),
    kubelets: z.array(z.object({ nodeName: z.string().min(1).max(253), config: z.record(z.string(), z.unknown()) })).default([]),
    coverage: z.object({ gaps: z.array(gapSchema).max(10_000) }).default({ gaps: [] }),
  }),
});

export type AgentUpload = z.infer<typeof agentUploadSchema>;

export function maxUploadBytes(): number {
  return getConfig().RAMPART_AGENT_MAX_UPLOAD_MB * 1024 * 1024;
}

function bearer(authorization: string | null): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return m?.[1];
}

interface RawUpload {
  authorization: string | null;
  ip: string | null;
  /** The body, or 'too-large' when the route stopped reading past the limit. */
  body: string | 'too-large';
}

/** Rebuilds an uploaded snapshot through the SnapshotBuilder (an agent's data is input like any manifest). */
export function snapshotFromUpload(upload: AgentUpload['snapshot'], clusterName: string): ClusterSnapshot {
  const builder = new SnapshotBuilder();
  for (const list of Object.values(upload.objects)) {
    for (const obj of list) {
      const outcome = builder.add(obj);
      if (!outcome.ok) builder.gaps.push({ resource: 'uploaded object', reason: 'unreadable-object', message: outcome.message.slice(0, 500) });
    }
  }
  for (const k of upload.kubelets) builder.addKubelet({ nodeName: k.nodeName, config: k.config });
  builder.gaps.push(...(upload.coverage.gaps as CoverageGap[]));
  const collectedAt = Number.isNaN(Date.parse(upload.collectedAt)) ? new Date().toISOString() : new Date(upload.collectedAt).toISOString();
  return builder.build({ type: 'cluster', name: clusterName }, { serverVersion: upload.serverVersion, collectedAt });
}

/** Decides one upload; `enqueue` queues the cluster's scan (lib/jobs enqueueScan with trigger "agent"). */
export async function ingestAgentUpload(db: Db, raw: RawUpload, enqueue: (clusterId: string) => Promise<{ scanId: string }>): Promise<AgentUploadResult> {
  const refuse = async (status: AgentUploadResult['status'], reason: string, error: string, cluster?: { id: string; name: string }, extra: object = {}): Promise<AgentUploadResult> => {
    await recordAudit(db, {
      action: 'agent.upload_refused',
      ip: raw.ip,
      targetType: cluster ? 'cluster' : undefined,
      targetId: cluster?.id,
      details: { reason, status, ...(cluster ? { name: cluster.name } : {}), ...extra },
    });
    return { status, body: { error } };
  };

  const token = bearer(raw.authorization);
  if (!token || !AGENT_TOKEN_PATTERN.test(token)) return refuse(401, 'no-token', 'Send the cluster\'s enrolment token as "Authorization: Bearer rma_…".');
  const row = await db.agentToken.findUnique({
    where: { tokenHash: hashAgentToken(token) },
    select: { id: true, revokedAt: true, prefix: true, cluster: { select: { id: true, name: true, authType: true } } },
  });
  if (!row) return refuse(401, 'unknown-token', 'This enrolment token is not valid. Create a new one on the cluster page and update the agent\'s Secret.');
  const cluster = { id: row.cluster.id, name: row.cluster.name };
  if (row.revokedAt || row.cluster.authType !== 'agent') {
    return refuse(401, 'revoked-token', 'This enrolment token was revoked. Create a new one on the cluster page and update the agent\'s Secret.', cluster, { prefix: row.prefix });
  }
  if (raw.body === 'too-large') {
    return refuse(413, 'too-large', `The snapshot is larger than ${getConfig().RAMPART_AGENT_MAX_UPLOAD_MB} MB (RAMPART_AGENT_MAX_UPLOAD_MB).`, cluster);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.body);
  } catch {
    return refuse(400, 'malformed', 'The upload is not JSON.', cluster);
  }
  const parsed = agentUploadSchema.safeParse(json);
  if (!parsed.success) {
    const message = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
    return refuse(400, 'malformed', `The upload is not a snapshot upload: ${message}`, cluster);
  }
  const upload = parsed.data;
  // Replays: the sequence must be above the highest accepted with this token (atomic).
  const advanced = await db.agentToken.updateMany({
    where: { id: row.id, revokedAt: null, lastSequence: { lt: BigInt(upload.sequence) } },
    data: { lastSequence: BigInt(upload.sequence), lastUsedAt: new Date() },
  });
  if (advanced.count === 0) {
    return refuse(409, 'replay', 'This upload was already received (its sequence is not above the last accepted one).', cluster, { sequence: upload.sequence });
  }
  const snapshot = snapshotFromUpload(upload.snapshot, cluster.id);
  await db.agentSnapshot.create({ data: { clusterId: cluster.id, sequence: BigInt(upload.sequence), data: snapshot as unknown as Prisma.InputJsonValue } });
  const stale = await db.agentSnapshot.findMany({ where: { clusterId: cluster.id }, orderBy: { receivedAt: 'desc' }, skip: KEEP_SNAPSHOTS, select: { id: true } });
  if (stale.length) await db.agentSnapshot.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });
  const { scanId } = await enqueue(cluster.id);
  return { status: 202, body: { scanId, clusterId: cluster.id } };
}

/** The newest uploaded snapshot of an agent cluster (what its scans evaluate); undefined for other clusters. */
export async function latestAgentSnapshot(db: Db, clusterId: string): Promise<ClusterSnapshot | 'none' | undefined> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { authType: true } });
  if (cluster?.authType !== 'agent') return undefined;
  const row = await db.agentSnapshot.findFirst({ where: { clusterId }, orderBy: { receivedAt: 'desc' }, select: { data: true } });
  return row ? (row.data as unknown as ClusterSnapshot) : 'none';
}
