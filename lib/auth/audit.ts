/**
 * The audit trail: who did what, to which object, from where. Every state-changing
 * action (sign-in, user management, cluster changes, scans, exceptions …) records one
 * AuditEvent. Pass the transaction client when the change runs in a transaction so
 * the event commits (or rolls back) with it.
 */
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { SessionUser } from './types';

export type AuditDb = PrismaClient | Prisma.TransactionClient;

export interface AuditInput {
  /** The signed-in user; null/undefined for system actions and anonymous attempts. */
  actor?: SessionUser | null;
  /** For anonymous attempts (e.g. a failed sign-in) the email that was tried. */
  actorEmail?: string | null;
  /** Dotted verb, e.g. "user.created", "auth.sign_in_failed", "cluster.deleted". */
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  /** Non-secret context. Never put passwords, tokens or kubeconfigs here. */
  details?: object;
}

const SECRET_KEY_PATTERN = /pass(word)?|secret|token|kubeconfig|credential|authorization|cookie/i;

/** Drops keys that look like secrets, at any depth, so a careless caller cannot log one. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[k] = SECRET_KEY_PATTERN.test(k) ? '[redacted]' : redactSecrets(v, depth + 1);
  }
  return out;
}

export async function recordAudit(db: AuditDb, input: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? input.actorEmail ?? null,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      ip: input.ip ?? null,
      details: (redactSecrets(input.details ?? {}) ?? {}) as Prisma.InputJsonValue,
    },
  });
}

/**
 * The client address of a request, as the first hop reports it. Only for the audit
 * trail (display), never for security decisions.
 */
export function requestIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim() || null;
  return headers.get('x-real-ip');
}
