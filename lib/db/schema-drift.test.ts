/**
 * prisma/schema.prisma and prisma/migrations must describe the same database. When this fails:
 * `npm run db:migration -- <name>` writes the missing migration.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSchemaPath, diffSchemaAgainstMigrations, migrationFolderName } from './schema-engine';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rampart-drift-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('schema drift', () => {
  it('schema.prisma matches the migrations (run `npm run db:migration -- <name>` if not)', async () => {
    const diff = await diffSchemaAgainstMigrations();
    expect(diff.sql, `prisma/migrations lacks:\n${diff.sql}`).toBe('');
    expect(diff.empty).toBe(true);
  }, 180_000); // replays every migration into an in-memory PGlite (with its extensions): slow on a loaded machine

  it('notices a field added to the schema without a migration', async () => {
    const schema = readFileSync(defaultSchemaPath(), 'utf8');
    const edited = schema.replace(
      /model Cluster \{\n/,
      'model Cluster {\n  ownerTeam String? @map("owner_team")\n',
    );
    expect(edited).not.toBe(schema);
    const schemaPath = path.join(tmp, 'schema.prisma');
    writeFileSync(schemaPath, edited);
    const diff = await diffSchemaAgainstMigrations({ schemaPath });
    expect(diff.empty).toBe(false);
    expect(diff.sql).toMatch(/ALTER TABLE "clusters" ADD COLUMN\s+"owner_team" TEXT/);
  }, 180_000);

  it('names migration folders like Prisma', () => {
    expect(migrationFolderName('Add cluster owner!', new Date('2026-01-02T03:04:05Z'))).toBe(
      '20260102030405_add_cluster_owner',
    );
    expect(() => migrationFolderName('  ')).toThrow(/letters or digits/);
  });
});
