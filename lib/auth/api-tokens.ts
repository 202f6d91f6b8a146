/**
 * Personal API tokens for scripts and CI: `Authorization: Bearer rmp_…`. A token acts
 * with its owner's current role (a demoted or banned owner's tokens lose that power at
 * once). Only the SHA-256 of the token is stored; the token itself is shown once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from './audit';
import { isRole } from './roles';
import type { SessionUser } from './types';

export const API_TOKEN_PREFIX = 'rmp_';
const TOKEN_PATTERN = /^rmp_[A-Za-z0-9_-]{43}$/;
/** lastUsedAt is written at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

const summarySelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true } as const;

export async function createApiToken(
  db: PrismaClient,
  owner: SessionUser,
  input: { name: string; expiresAt?: Date | null },
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const summary = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId: owner.id,
        name: input.name,
        prefix: token.slice(0, 12),
        tokenHash: hashApiToken(token),
        expiresAt: input.expiresAt ?? null,
      },
      select: summarySelect,
    });
    await recordAudit(tx, {
      actor: owner,
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: row.id,
      details: { name: row.name, expiresAt: row.expiresAt },
    });
    return row;
  });
  return { token, summary };
}

export async function listApiTokens(db: PrismaClient, userId: string): Promise<ApiTokenSummary[]> {
  return db.apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: { createdAt: 'desc' },
    select: summarySelect,
  });
}

/** Revokes one of `owner`'s tokens; false when it does not exist or is not theirs. */
export async function revokeApiToken(db: PrismaClient, owner: SessionUser, tokenId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, userId: owner.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) return false;
    await recordAudit(tx, { actor: owner, action: 'api_token.revoked', targetType: 'api_token', targetId: tokenId });
    return true;
  });
}

/** The user a bearer token acts for, or null when the token is unknown, revoked, expired or its owner banned. */
export async function authenticateApiToken(db: PrismaClient, token: string): Promise<SessionUser | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, banned: true, banExpires: true } },
    },
  });
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
  const { user } = row;
  if (user.banned && (!user.banExpires || user.banExpires.getTime() > now)) return null;
  if (!isRole(user.role)) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, via: 'api-token' };
}
