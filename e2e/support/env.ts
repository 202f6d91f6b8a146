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
