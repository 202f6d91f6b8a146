/**
 * The trusted registries (server-only): the allow-list the image-untrusted-registry check compares
 * every image with (entries such as registry.example.com, ghcr.io/acme, *.dkr.ecr.eu-west-1.amazonaws.com).
 * Stored as the instance setting "trusted-registries"; every scan reads it; changing it is
 * admin-only and audited with the list before and after.
 */
import { z } from 'zod';
import { writeAuditedSetting } from '../auth/audited-setting';
import type { SessionUser } from '../auth/types';
import type { Db, DbTransaction } from '../db';

export const TRUSTED_REGISTRIES_SETTING = 'trusted-registries';
export const MAX_TRUSTED_REGISTRIES = 200;

/** A registry host, optionally with a repository path; `*` stands for a run of characters within one segment. */
const ENTRY = /^[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?(:[0-9]{1,5})?(\/[a-z0-9*._-]+)*\/?$/;

export const trustedRegistriesInputSchema = z
  .object({
    registries: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .min(1, 'An entry is empty.')
          .max(255, 'An entry is longer than 255 characters.')
          .regex(ENTRY, 'Each entry is a registry host with an optional repository path, e.g. registry.example.com or ghcr.io/acme (a * matches within one name segment).'),
      )
      .max(MAX_TRUSTED_REGISTRIES, `At most ${MAX_TRUSTED_REGISTRIES} trusted registries.`),
  })
  .strict();
export type TrustedRegistriesInput = z.infer<typeof trustedRegistriesInputSchema>;

export interface TrustedRegistries {
  registries: string[];
  updatedAt: string | null;
  updatedBy: { id: string; name: string; email: string } | null;
}

function parse(value: unknown): string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : [];
}

export async function getTrustedRegistries(db: Db | DbTransaction): Promise<TrustedRegistries> {
  const row = await db.setting.findUnique({
    where: { key: TRUSTED_REGISTRIES_SETTING },
    select: { value: true, updatedAt: true, updatedBy: { select: { id: true, name: true, email: true } } },
  });
  return { registries: parse(row?.value), updatedAt: row?.updatedAt.toISOString() ?? null, updatedBy: row?.updatedBy ?? null };
}

/** Replaces the list (duplicates dropped, order kept); audits "settings.trusted_registries_updated". */
export async function setTrustedRegistries(db: Db, input: TrustedRegistriesInput, ctx: { actor: SessionUser | null; ip?: string | null }): Promise<TrustedRegistries> {
  const registries = [...new Set(input.registries)];
  await writeAuditedSetting(db, TRUSTED_REGISTRIES_SETTING, registries, ctx, {
    action: 'settings.trusted_registries_updated',
    details: (before) => ({ from: parse(before), to: registries }),
  });
  return getTrustedRegistries(db);
}
