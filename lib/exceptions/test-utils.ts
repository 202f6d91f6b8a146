/**
 * Test helper: record an exception request and have a second analyst approve it, as the
 * four-eyes flow does in the product (request → approve). For tests whose subject is what an
 * active exception does, not the approval itself.
 */
import type { SessionUser } from '../auth/types';
import type { Db } from '../db';
import { createExceptions, type CreateExceptionsResult } from './index';
import { approveExceptions } from './review';
import type { CreateExceptionInput } from './schema';

async function analyst(db: Db, email: string, name: string): Promise<SessionUser> {
  const row = await db.user.upsert({ where: { email }, create: { email, name, role: 'analyst' }, update: {} });
  return { id: row.id, email: row.email, name: row.name, role: 'analyst' };
}

/** The requester and approver the helper uses (created on first use). */
export async function testReviewers(db: Db): Promise<{ requester: SessionUser; approver: SessionUser }> {
  return {
    requester: await analyst(db, 'requester@rampart.test', 'Risk Requester'),
    approver: await analyst(db, 'approver@rampart.test', 'Risk Approver'),
  };
}

/** createExceptions + approveExceptions (one batch) by another analyst, both at `now`. */
export async function acceptRisk(db: Db, input: CreateExceptionInput, now = new Date()): Promise<CreateExceptionsResult> {
  const { requester, approver } = await testReviewers(db);
  const created = await createExceptions(db, input, { actor: requester }, now);
  if (!created.exceptions.length) return created;
  const approved = await approveExceptions(db, created.exceptions.map((e) => e.id), undefined, { actor: approver }, now);
  return { ...approved, skippedFindingIds: created.skippedFindingIds };
}
