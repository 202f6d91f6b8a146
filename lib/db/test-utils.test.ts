import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { getConfig } from '../config';
import { createEmbeddedTestDatabase, createTestDatabase } from './test-utils';

async function databases(): Promise<string[]> {
  const c = new pg.Client({ connectionString: getConfig().TEST_DATABASE_URL });
  await c.connect();
  try {
    const res = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'rampart_test_%'`);
    return res.rows.map((r) => r.datname);
  } finally {
    await c.end();
  }
}

describe('createTestDatabase', () => {
  it('gives each caller its own migrated database, drops it, and sweeps databases left by dead processes', async () => {
    const host = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);
    const stale = `rampart_test_${host}_4194999_deadbeef00`; // above pid_max: never alive
    const c = new pg.Client({ connectionString: getConfig().TEST_DATABASE_URL });
    await c.connect();
    await c.query(`CREATE DATABASE "${stale}"`);
    await c.end();

    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.url).not.toBe(b.url);
    await a.db.setting.create({ data: { key: 'k', value: 1 } });
    expect(await b.db.setting.count()).toBe(0);
    const names = await databases();
    expect(names).not.toContain(stale);
    const nameA = new URL(a.url).pathname.slice(1);
    expect(names).toContain(nameA);
    await a.drop();
    await a.drop(); // twice is fine
    await b.drop();
    expect(await databases()).not.toContain(nameA);
  });
});

describe('createEmbeddedTestDatabase', () => {
  it('gives a migrated PGlite in a temporary directory and deletes it on drop', async () => {
    const t = await createEmbeddedTestDatabase();
    expect(existsSync(t.dataDir)).toBe(true);
    await t.db.setting.create({ data: { key: 'k', value: { a: 1 } } });
    expect((await t.db.setting.findUniqueOrThrow({ where: { key: 'k' } })).value).toEqual({ a: 1 });
    await t.drop();
    expect(existsSync(t.dataDir)).toBe(false);
    expect(t.pglite.closed).toBe(true);
  });
});
