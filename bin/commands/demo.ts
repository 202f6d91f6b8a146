/**
 * `rampart demo`: Rampart with something to look at. Serves fixtures/demo-cluster through
 * kube-sim (the Kubernetes API simulator) on loopback, registers it as the cluster "demo"
 * (or refreshes its credentials: kube-sim makes a new CA and token at every start), then runs
 * `rampart serve`. Builds the web app first when no production build exists. The estate drifts
 * (./demo-drift.ts): a first start records a few weeks of history, and each scan sees the next change.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { getConfig } from '../../lib/config';
import { getDb } from '../../lib/db/client';
import { registerCluster, updateCluster } from '../../lib/clusters';
import { signInBox } from '../../lib/auth/bootstrap';
import { followDrift, seedDemoHistory } from './demo-drift';
import { APP_DIR, hasProductionBuild, serve, type ServeOptions } from './serve';
import { missingFromCheckout, sourceCheckoutRefusal } from './source-checkout';

export const DEMO_CLUSTER_NAME = 'demo';
const DEMO_FIXTURES = 'fixtures/demo-cluster';

/**
 * Why `demo` cannot run from this installation, or undefined when it can: it needs the demo estate
 * (fixtures/demo-cluster) and kube-sim's certificate generator (`selfsigned`, a development
 * dependency), which the container image does not ship.
 */
export function demoUnavailable(appDir: string = APP_DIR): string | undefined {
  const refusal = sourceCheckoutRefusal('demo', missingFromCheckout(appDir, { folders: [DEMO_FIXTURES], packages: ['selfsigned'] }));
  return refusal && `${refusal} In the container, run \`rampart serve\` and register a real cluster.`;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Start Rampart with the demo cluster (fixtures/demo-cluster served by kube-sim) registered as "demo".')
    .option('-p, --port <port>', 'web UI port (default: PORT or 3000)')
    .option('-H, --hostname <hostname>', 'address to bind (default: HOSTNAME or 0.0.0.0)')
    .option('--api-port <port>', 'port of the simulated Kubernetes API (default: a free port)', '0')
    .action(async (opts: ServeOptions & { apiPort: string }) => {
      try {
        await demo(opts);
      } catch (error) {
        console.error(`rampart demo: ${(error as Error).message}`);
        process.exit(1);
      }
    });
}

/**
 * The first start builds the web app once. Its output (hundreds of lines) goes to a log file so the
 * sign-in printed at the end stays visible; on failure the end of the log is shown.
 */
function buildQuietly(logFile: string): void {
  console.log(`First start: building the web app once (a few minutes on 2 cores; output in ${logFile})…`);
  const started = Date.now();
  const log = openSync(logFile, 'w');
  const build = spawnSync(path.join(APP_DIR, 'node_modules/.bin/next'), ['build'], { cwd: APP_DIR, stdio: ['ignore', log, log], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  closeSync(log);
  if (build.status !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`\`next build\` failed; the end of ${logFile}:\n${tail}`);
  }
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

async function demo(opts: ServeOptions & { apiPort: string }): Promise<void> {
  const unavailable = demoUnavailable();
  if (unavailable) throw new Error(unavailable);
  const dataDir = getConfig().dataDir;
  mkdirSync(dataDir, { recursive: true });
  if (!hasProductionBuild()) buildQuietly(path.join(dataDir, 'build.log'));

  const { startKubeSim, loadManifestDirectory } = await import('../../lib/kube-sim');
  const demoDir = path.join(APP_DIR, DEMO_FIXTURES);
  const sim = await startKubeSim({ dir: demoDir, port: Number(opts.apiPort) || 0 });
  const estate = await loadManifestDirectory(demoDir);
  const kubeconfigPath = await sim.writeKubeconfig(path.join(dataDir, 'demo-kubeconfig.yaml'));
  console.log(`Demo cluster (kube-sim) at ${sim.url}; kubeconfig ${kubeconfigPath}`);

  const db = await getDb();
  const credentials = { authType: 'kubeconfig' as const, kubeconfig: sim.kubeconfig, context: 'demo' };
  const existing = await db.cluster.findUnique({ where: { name: DEMO_CLUSTER_NAME }, select: { id: true } });
  const cluster = existing
    ? await updateCluster(db, existing.id, { credentials }, { actor: null })
    : await registerCluster(
      db,
      { name: DEMO_CLUSTER_NAME, description: 'The demo estate, served by a simulated Kubernetes API.', environment: 'development', labels: { demo: 'true' }, credentials },
      { actor: null },
    );
  console.log(`Cluster "${DEMO_CLUSTER_NAME}" ${existing ? 'refreshed' : 'registered'}.`);

  // A first start records a few weeks of history (real scans of earlier states of the estate).
  const seeded = await seedDemoHistory(db, cluster.id, sim, estate, {
    onScan: (i, total) => process.stdout.write(`\rRecording ${total} scans of history (about three weeks of changes to the estate): ${i}/${total}`),
  });
  if (seeded) process.stdout.write('\n');
  // From now on each scan sees the next scripted change (a new mistake here, a fix there).
  const drift = followDrift(db, cluster.id, sim, estate, { onStep: (note) => console.log(`Demo estate changed for the next scan: ${note}.`) });
  await drift.ready;

  const stopSim = () => {
    drift.stop();
    void sim.stop();
  };
  process.once('exit', stopSim);
  const { signInNotice, url } = await serve(opts);

  // Something to look at right away: scan the demo cluster now (the worker runs in this process).
  const { enqueueScan } = await import('../../lib/jobs/scans');
  const { getBoss } = await import('../../lib/jobs/boss');
  const { scan, created } = await enqueueScan(db, { clusterId: cluster.id, trigger: 'api' }, await getBoss());
  console.log(created ? `First scan of "${DEMO_CLUSTER_NAME}" queued (${scan.id}).` : `A scan of "${DEMO_CLUSTER_NAME}" is already queued or running.`);

  // Last: how to sign in, so nothing above buries it.
  if (signInNotice) process.stdout.write(signInNotice);
  else {
    const admin = await db.user.findFirst({ where: { role: 'admin' }, orderBy: { createdAt: 'asc' }, select: { email: true } });
    process.stdout.write(signInBox({ title: 'Rampart is ready.', url, email: admin?.email ?? 'your admin email' }));
  }
}
