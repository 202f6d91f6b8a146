/**
 * `rampart serve [--port <n>] [--hostname <h>]`: the web UI and API.
 *   1. applies pending database migrations (getDb),
 *   2. creates the first admin if there is no user yet (prints a one-time password once),
 *   3. starts the Next.js production server in this process (node:http + Next's handler).
 * Needs the production build (`npm run build`); refuses to start without it.
 * SIGTERM / SIGINT: stops accepting connections, lets in-flight requests finish (10 s at
 * most), closes the database, exits 0.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Command } from 'commander';
import next from 'next';
import { createAuth } from '../../lib/auth/auth';
import { ensureInitialAdmin } from '../../lib/auth/bootstrap';
import { getConfig } from '../../lib/config';
import { closeDb, describeDatabase, getDb } from '../../lib/db/client';
import { getBoss, stopBoss } from '../../lib/jobs/boss';
import { startWorkerInProcess } from './worker';

const SHUTDOWN_GRACE_MS = 10_000;

/** The repository / install root: where `.next` and `app/` live. */
export const APP_DIR = path.resolve(import.meta.dirname, '../..');

export function hasProductionBuild(dir: string = APP_DIR): boolean {
  return existsSync(path.join(dir, '.next', 'BUILD_ID'));
}

export interface ServeOptions {
  port?: string;
  hostname?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Start the Rampart web UI and API (applies migrations and creates the first admin on first start).')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
    .option('-H, --hostname <hostname>', 'address to bind (default: HOSTNAME or 0.0.0.0)')
    .action(async (opts: ServeOptions) => {
      try {
        const { signInNotice } = await serve(opts);
        if (signInNotice) process.stdout.write(signInNotice);
      } catch (error) {
        console.error(`rampart serve: ${(error as Error).message}`);
        await closeDb().catch(() => undefined);
        process.exit(1);
      }
    });
}

/** What `serve` leaves for its caller to print last: the first admin's sign-in, when it was just created. */
export interface ServeResult {
  signInNotice?: string;
  url: string;
}

export async function serve(opts: ServeOptions): Promise<ServeResult> {
  const config = getConfig();
  const port = opts.port !== undefined ? Number(opts.port) : config.PORT;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port must be a TCP port number (got "${opts.port}").`);
  const hostname = opts.hostname ?? config.HOSTNAME;

  if (!hasProductionBuild()) {
    throw new Error(`no production build in ${path.join(APP_DIR, '.next')}. Run \`npm run build\` first, then start again.`);
  }

  console.log(`Database: ${describeDatabase()}`);
  const db = await getDb(); // applies pending migrations
  // The one-time password is printed last (by the command), so start-up output cannot bury it.
  let signInNotice: string | undefined;
  await ensureInitialAdmin(db, createAuth(db, config), { config, print: (text) => (signInNotice = text) });

  // Next.js reads NODE_ENV itself; a production server must run with "production".
  (process.env as Record<string, string>).NODE_ENV = 'production';
  const app = next({ dev: false, dir: APP_DIR, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    if (!config.RAMPART_TRUST_PROXY) {
      // Not behind a trusted proxy: the client address is the socket's, whatever headers say
      // (sign-in rate limits and the audit trail key on it).
      req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
      delete req.headers['x-real-ip'];
    }
    handle(req, res).catch((error: unknown) => {
      console.error('[rampart] request failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end('Internal error');
      }
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  console.log(`Rampart is listening on http://${hostname}:${port} (public URL ${config.RAMPART_BASE_URL}).`);
  // Scan worker in this process (RAMPART_WORKER_IN_SERVE, default on); shares the process-wide pg-boss.
  if (config.RAMPART_WORKER_IN_SERVE) {
    await startWorkerInProcess({ boss: await getBoss() });
    console.log(`Scan worker running in this process (concurrency ${config.RAMPART_WORKER_CONCURRENCY}).`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests, then stopping.`);
    const force = setTimeout(() => {
      console.error('Requests still running after 10 s; stopping anyway.');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      clearTimeout(force);
      await app.close().catch(() => undefined);
      await stopBoss().catch(() => undefined);
      await closeDb().catch(() => undefined);
      console.log('Rampart stopped.');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { signInNotice, url: config.RAMPART_BASE_URL };
}
