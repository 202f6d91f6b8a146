/**
 * The data layer's public surface: `import { getDb, type Cluster, Severity } from '@/lib/db'`.
 * Server-only (node:fs, database drivers). Client components import enums from
 * '@/lib/db/enums' instead.
 */
export { getDb, closeDb, ensureMigrated, getEmbeddedPglite, embeddedDataDir, describeDatabase } from './client';
export type { MigrateResult } from './migrate';
export { resourceDocumentId, canonicalJson } from './resource-document';
// PrismaClient, the Prisma namespace (Prisma.ClusterWhereInput, Prisma.JsonValue, Prisma.PrismaClientKnownRequestError …),
// every enum (value + type) and every model type (Cluster, Scan, Finding …).
export * from '../generated/prisma/client';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
/** The Prisma client type. */
export type Db = PrismaClient;
/** The client handed to `db.$transaction(async (tx) => …)`: use only `tx` inside (PGlite has one connection). */
export type DbTransaction = Prisma.TransactionClient;
