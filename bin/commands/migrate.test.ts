/**
 * `rampart migrate` end to end: a real CLI process against PostgreSQL 15 and the embedded
 * database; idempotent; `--status` exit codes; the embedded database refuses a second process.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig, resetConfigForTests } from '../../lib/config';
import { closeDb, getDb } from '../../lib/db/client';
import { loadMigrationList } from '../../lib/db/schema-engine';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(import.meta.dirname, '__fixtures__', 'migrate-cli.ts');
const migrations = (await loadMigrationList()).migrationDirectories.map((d) => d.path);

async function rampart(args: string[], env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: root, env: childEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const adminUrl = getConfig().TEST_DATABASE_URL;
async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('rampart migrate', { timeout: 120_000 }, () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'rampart-migrate-cli-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('migrates PostgreSQL (DATABASE_URL) once, then reports it up to date', async () => {
    const name = `rampart_cli_${randomBytes(5).toString('hex')}`;
    await admin(`CREATE DATABASE "${name}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const env = { DATABASE_URL: u.toString(), RAMPART_DATA_DIR: path.join(tmp, 'pg-data') };
    try {
      const before = await rampart(['migrate', '--status'], env);
      expect(before.code).toBe(1);
      expect(before.stdout).toContain(`pending  ${migrations[0]}`);

      const first = await rampart(['migrate'], env);
      expect(first.code).toBe(0);
      // The server the tests run on (the machine's, or an embedded one on another port).
      expect(first.stdout).toContain(`Database: PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}/${name}`);
      expect(first.stdout).toContain(`Applied ${migrations.length} migration`);
      for (const m of migrations) expect(first.stdout).toContain(m);

      const second = await rampart(['migrate'], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('No pending migrations');

      const after = await rampart(['migrate', '--status'], env);
      expect(after.code).toBe(0);
      expect(after.stdout).toContain('Database schema is up to date.');
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('migrates the embedded database, and refuses to open it while another process has it', async () => {
    const dataDir = path.join(tmp, 'embedded');
    const env = { DATABASE_URL: undefined, RAMPART_DATA_DIR: dataDir };
    const first = await rampart(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`embedded PostgreSQL (PGlite) at ${path.join(dataDir, 'pgdata')}`);
    expect(first.stdout).toContain(`Applied ${migrations.length} migration`);
    expect((await rampart(['migrate'], env)).stdout).toContain('No pending migrations');

    const saved = { dir: process.env.RAMPART_DATA_DIR, url: process.env.DATABASE_URL };
    process.env.RAMPART_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    resetConfigForTests();
    try {
      await getDb(); // this test process now owns the embedded database
      const busy = await rampart(['migrate', '--status'], env);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`is in use by process ${process.pid}`);
    } finally {
      await closeDb();
      if (saved.dir === undefined) delete process.env.RAMPART_DATA_DIR;
      else process.env.RAMPART_DATA_DIR = saved.dir;
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
      resetConfigForTests();
    }
    expect((await rampart(['migrate', '--status'], env)).code).toBe(0);
  });
});
