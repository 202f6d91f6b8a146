/**
 * Enrolment tokens of agent clusters (`rampart agent` pushes snapshots with one). Only the
 * SHA-256 of a token is stored (as API tokens are, lib/auth/api-tokens.ts); the token is shown
 * once. Issuing a token rotates: earlier tokens of the cluster are revoked in the same
 * transaction. Revoking refuses every later upload with the cluster's tokens. Both are audited.
 */
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../auth/audit';
import { hashApiToken } from '../auth/api-tokens';
import { ClusterError, clusterNotFound } from '../clusters/errors';
import type { ActionContext } from '../clusters/service';
import type { Db } from '../db';

export const AGENT_TOKEN_PREFIX = 'rma_';
export const AGENT_TOKEN_PATTERN = /^rma_[A-Za-z0-9_-]{43}$/;

export const hashAgentToken = hashApiToken;

async function agentCluster(db: Db, clusterId: string): Promise<{ id: string; name: string }> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true, name: true, authType: true } });
  if (!cluster) throw clusterNotFound(clusterId);
  if (cluster.authType !== 'agent') {
    throw new ClusterError(400, 'invalid-input', `Cluster "${cluster.name}" is not registered for an agent; edit it and choose the "Agent" method first.`);
  }
  return cluster;
}

/** Creates the cluster's enrolment token (revoking earlier ones); resolves to the token, shown once. */
export async function issueAgentToken(db: Db, clusterId: string, ctx: ActionContext): Promise<{ token: string; prefix: string; rotated: number }> {
  const cluster = await agentCluster(db, clusterId);
  const token = `${AGENT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = token.slice(0, 10);
  const rotated = await db.$transaction(async (tx) => {
    const revoked = await tx.agentToken.updateMany({ where: { clusterId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.agentToken.create({ data: { clusterId, tokenHash: hashAgentToken(token), prefix, createdById: ctx.actor?.id ?? null } });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'agent.token_issued',
      targetType: 'cluster',
      targetId: clusterId,
      details: { name: cluster.name, prefix, revokedEarlier: revoked.count },
    });
    return revoked.count;
  });
  return { token, prefix, rotated };
}

/** Revokes every enrolment token of the cluster; its agent's uploads are refused from now on. */
export async function revokeAgentTokens(db: Db, clusterId: string, ctx: ActionContext): Promise<{ revoked: number }> {
  const cluster = await agentCluster(db, clusterId);
  return db.$transaction(async (tx) => {
    const revoked = await tx.agentToken.updateMany({ where: { clusterId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: 'agent.tokens_revoked', targetType: 'cluster', targetId: clusterId, details: { name: cluster.name, revoked: revoked.count } });
    return { revoked: revoked.count };
  });
}
