/**
 * The stack browser tests run against, started by Playwright's webServer:
 * a fresh PostgreSQL database, the demo cluster served by kube-sim over HTTPS, an SMTP server on a
 * random loopback port that keeps every e-mail in E2E_MAIL_DIR, and `rampart serve` on E2E_PORT.
 * Stops everything (and drops the database) on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createTestDatabase } from '../../lib/db/test-utils';
import { startKubeSim } from '../../lib/kube-sim';
import {
  E2E_ADMIN_EMAIL,
  E2E_ADMIN_PASSWORD,
  E2E_BASE_URL,
  E2E_CLUSTER_DIR,
  E2E_CONTROL_URL,
  E2E_DATA_DIR,
  E2E_DATABASE_URL_FILE,
  E2E_DIR,
  E2E_KUBECONFIG,
  E2E_KUBECONFIG_BAD_TOKEN,
  E2E_MAIL_DIR,
  E2E_PORT,
} from './env';
import { startSmtpSink } from './smtp-sink';

rmSync(E2E_DIR, { recursive: true, force: true });
mkdirSync(E2E_DIR, { recursive: true });

const database = await createTestDatabase();
await database.db.$disconnect();
writeFileSync(E2E_DATABASE_URL_FILE, database.url, { mode: 0o600 });

cpSync(path.resolve('fixtures/demo-cluster'), E2E_CLUSTER_DIR, { recursive: true });
const sim = await startKubeSim({ dir: E2E_CLUSTER_DIR });

// Lets a spec change the served cluster: edit E2E_CLUSTER_DIR, then POST /reload.
const control = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reload') {
    sim.reload().then(
      () => res.writeHead(204).end(),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  } else res.writeHead(404).end();
});
control.listen(Number(new URL(E2E_CONTROL_URL).port), '127.0.0.1');
await sim.writeKubeconfig(E2E_KUBECONFIG);
writeFileSync(E2E_KUBECONFIG_BAD_TOKEN, sim.kubeconfig.replace(sim.token, 'not-a-valid-token'));

const smtp = await startSmtpSink({ dir: E2E_MAIL_DIR });

const app = spawn(process.execPath, ['bin/rampart.mjs', 'serve', '--port', String(E2E_PORT)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    RAMPART_DATA_DIR: E2E_DATA_DIR,
    RAMPART_BASE_URL: E2E_BASE_URL,
    RAMPART_ADMIN_EMAIL: E2E_ADMIN_EMAIL,
    RAMPART_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    // Browser tests sign in many times from one address.
    RAMPART_LOGIN_RATE_LIMIT: '1000',
    RAMPART_E2E_KUBECONFIG: E2E_KUBECONFIG,
    RAMPART_SMTP_HOST: '127.0.0.1',
    RAMPART_SMTP_PORT: String(smtp.port),
    RAMPART_SMTP_SECURITY: 'none',
    RAMPART_SMTP_FROM: 'Rampart <rampart@rampart.test>',
  },
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.kill('SIGTERM');
  control.close();
  await smtp.close();
  await sim.stop();
  await database.drop().catch(() => undefined);
  process.exit(code);
}
app.on('exit', (code) => void stop(code ?? 1));
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
