/**
 * Attestations of manual compliance controls: an analyst states, with a note and an expiry, that
 * an organisational control holds for one cluster or (clusterId null) every cluster. Creating and
 * revoking are audited with the real actor. Validation is zod (bad input → 400 in the route).
 */
import { z } from 'zod';
import { recordAudit } from '@/lib/auth/audit';
import type { SessionUser } from '@/lib/auth/types';
import type { Db } from '@/lib/db';
import { FRAMEWORK_IDS, getFramework, type FrameworkId } from '@/lib/frameworks';
import type { Attestation } from '@/lib/frameworks/evaluate';
import { AppError } from '@/lib/api/errors';
import { idSchema as anyIdSchema } from '@/lib/api/input';
import { requireCluster } from '@/lib/clusters/exists';
import { clusterNotFound } from '@/lib/clusters/errors';
import { canSeeCluster, FLEET, visibleClusterIds, type AccessScope } from '@/lib/teams/scope';

export const MAX_ATTESTATION_DAYS = 366;
const DAY_MS = 86_400_000;

export class AttestationError extends AppError {
  constructor(status: 400 | 404 | 409, message: string) {
    super(status, message);
  }
}

const idSchema = anyIdSchema();

export const createAttestationSchema = z.object({
  framework: z.enum(FRAMEWORK_IDS, { message: `Unknown framework; use one of ${FRAMEWORK_IDS.join(', ')}.` }),
  controlId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9./-]+$/, 'Not a control id.'),
  /** null / absent: every cluster. */
  clusterId: z.preprocess((v) => (v === '' ? null : v), idSchema.nullable().optional()),
  note: z.string().trim().min(10, 'Say in at least 10 characters what was checked and how.').max(2000, 'Keep the note under 2000 characters.'),
  expiresAt: z.coerce
    .date({ message: 'Give an expiry date (ISO 8601).' })
    .refine((d) => d.getTime() > Date.now(), 'The expiry must be in the future.')
    .refine((d) => d.getTime() <= Date.now() + MAX_ATTESTATION_DAYS * DAY_MS, `An attestation may last at most ${MAX_ATTESTATION_DAYS} days; attest again when it expires.`),
});
export type CreateAttestationInput = z.output<typeof createAttestationSchema>;

export const listAttestationsQuerySchema = z.object({
  framework: z.enum(FRAMEWORK_IDS).optional(),
  clusterId: idSchema.optional(),
  status: z.enum(['active', 'all']).default('active'),
});

export interface AttestationDto extends Attestation {
  framework: string;
  revokedAt: string | null;
  revokedBy: string | null;
  active: boolean;
}

export interface AttestationContext {
  actor: SessionUser | null;
  ip?: string | null;
}

type Row = { id: string; framework: string; controlId: string; clusterId: string | null; note: string; createdByEmail: string | null; createdAt: Date; expiresAt: Date; revokedAt: Date | null; revokedByEmail: string | null };

function toDto(r: Row, now: Date): AttestationDto {
  return {
    id: r.id,
    framework: r.framework,
    controlId: r.controlId,
    clusterId: r.clusterId,
    note: r.note,
    attestedBy: r.createdByEmail,
    attestedAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    revokedBy: r.revokedByEmail,
    active: !r.revokedAt && r.expiresAt > now,
  };
}

export async function createAttestation(db: Db, input: CreateAttestationInput, ctx: AttestationContext, now = new Date()): Promise<AttestationDto> {
  const control = getFramework(input.framework).controls.find((c) => c.id === input.controlId);
  if (!control) throw new AttestationError(404, `${input.framework} has no control "${input.controlId}".`);
  if (control.assessment !== 'manual') throw new AttestationError(400, `Control ${input.controlId} is assessed ${control.assessment === 'automated' ? 'by checks' : `otherwise (${control.assessment})`}; only manual controls are attested.`);
  if (input.clusterId) await requireCluster(db, input.clusterId);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.controlAttestation.create({
      data: { framework: input.framework, controlId: input.controlId, clusterId: input.clusterId ?? null, note: input.note, expiresAt: input.expiresAt, createdById: ctx.actor?.id ?? null, createdByEmail: ctx.actor?.email ?? null, createdAt: now },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'attestation.created',
      targetType: 'attestation',
      targetId: created.id,
      details: { framework: input.framework, controlId: input.controlId, clusterId: input.clusterId ?? null, expiresAt: input.expiresAt.toISOString(), note: input.note },
    });
    return created;
  });
  return toDto(row, now);
}

export async function revokeAttestation(db: Db, id: string, ctx: AttestationContext, now = new Date()): Promise<AttestationDto> {
  return db.$transaction(async (tx) => {
    const row = await tx.controlAttestation.findUnique({ where: { id } });
    if (!row) throw new AttestationError(404, `No attestation with id "${id}".`);
    if (row.revokedAt) throw new AttestationError(409, 'This attestation is already revoked.');
    const updated = await tx.controlAttestation.update({ where: { id }, data: { revokedAt: now, revokedByEmail: ctx.actor?.email ?? null } });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: 'attestation.revoked', targetType: 'attestation', targetId: id, details: { framework: row.framework, controlId: row.controlId, clusterId: row.clusterId } });
    return toDto(updated, now);
  });
}

/**
 * Attestations, newest first (at most 1000). Within a team member's access scope: those for every
 * cluster and those of the clusters their teams touch (what their compliance views judge their
 * controls with); asking for another cluster is the one "cluster not found".
 */
export async function listAttestations(db: Db, query: z.output<typeof listAttestationsQuerySchema>, now = new Date(), access: AccessScope = FLEET): Promise<AttestationDto[]> {
  if (query.clusterId && !canSeeCluster(access, query.clusterId)) throw clusterNotFound(query.clusterId);
  const visible = visibleClusterIds(access);
  const rows = await db.controlAttestation.findMany({
    where: {
      ...(query.framework ? { framework: query.framework } : {}),
      ...(query.clusterId ? { OR: [{ clusterId: query.clusterId }, { clusterId: null }] } : {}),
      ...(query.status === 'active' ? { revokedAt: null, expiresAt: { gt: now } } : {}),
      ...(visible ? { AND: [{ OR: [{ clusterId: null }, { clusterId: { in: visible } }] }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 1000,
  });
  return rows.map((r) => toDto(r, now));
}

/** Active attestations of one framework (every cluster), newest first. */
export async function listActiveAttestations(db: Db, framework: FrameworkId, now = new Date()): Promise<AttestationDto[]> {
  return listAttestations(db, { framework, status: 'active' }, now);
}
