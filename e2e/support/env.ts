/** Fixed facts of the browser-test stack started by e2e/support/start-stack.ts. */
import path from 'node:path';

export const E2E_PORT = 3100;
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DIR = path.resolve('tmp/e2e');
export const E2E_ADMIN_EMAIL = 'admin@rampart.test';
export const E2E_ADMIN_PASSWORD = 'correct-horse-battery-staple-42';
/** Kubeconfig for the demo cluster served by kube-sim (admin token). */
export const E2E_KUBECONFIG = path.join(E2E_DIR, 'demo-kubeconfig.yaml');
/** The same cluster with a token kube-sim rejects (401). */
export const E2E_KUBECONFIG_BAD_TOKEN = path.join(E2E_DIR, 'demo-kubeconfig-bad-token.yaml');
/** The stack's PostgreSQL URL (written by start-stack.ts) so a spec can start a second `rampart serve` on the same database. */
export const E2E_DATABASE_URL_FILE = path.join(E2E_DIR, 'database-url');
/** The stack's data directory (its generated secret key lives there). */
export const E2E_DATA_DIR = path.join(E2E_DIR, 'data');
/** Port of a second `rampart serve` replica a spec may start on the same database. */
export const E2E_REPLICA_PORT = 3102;
/** The demo cluster kube-sim serves in browser tests: a copy, so a spec may change it. */
export const E2E_CLUSTER_DIR = path.join(E2E_DIR, 'cluster');
/** POST here makes kube-sim re-read E2E_CLUSTER_DIR (loopback only, test stack only). */
export const E2E_CONTROL_URL = 'http://127.0.0.1:3101';
/** Every e-mail the stack sends lands in the SMTP server start-stack.ts runs, which writes each one here as <n>.eml. */
export const E2E_MAIL_DIR = path.join(E2E_DIR, 'mail');
