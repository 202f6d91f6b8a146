/**
 * Runs kube-sim until killed:
 *   npx tsx lib/kube-sim/cli.ts --dir fixtures/demo-cluster --port 6443 --kubeconfig-out /tmp/demo.kubeconfig
 * Options: --dir <manifests> (default fixtures/demo-cluster), --host <addr> (127.0.0.1), --port <n> (0 = random),
 * --token <admin token> (random), --context <name> (demo), --kubeconfig-out <file>,
 * --restricted-kubeconfig-out <file> (token denied secrets, RBAC and nodes/proxy),
 * --service-account-root <dir> (writes <dir>/var/run/secrets/kubernetes.io/serviceaccount/*),
 * --server-version <v1.30.4>, --latency-ms <n>.
 */
import { parseArgs } from 'node:util';
import { startKubeSim } from './server';

const USAGE =
  'usage: tsx lib/kube-sim/cli.ts [--dir DIR] [--host ADDR] [--port N] [--token T] [--context NAME] ' +
  '[--kubeconfig-out FILE] [--restricted-kubeconfig-out FILE] [--service-account-root DIR] [--server-version V] [--latency-ms N]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'fixtures/demo-cluster' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      context: { type: 'string', default: 'demo' },
      'kubeconfig-out': { type: 'string' },
      'restricted-kubeconfig-out': { type: 'string' },
      'service-account-root': { type: 'string' },
      'server-version': { type: 'string' },
      'latency-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number.parseInt(values.port, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const latencyMs = values['latency-ms'] ? Number.parseInt(values['latency-ms'], 10) : 0;

  const sim = await startKubeSim({
    dir: values.dir,
    host: values.host,
    port,
    adminToken: values.token,
    version: values['server-version'],
    latencyMs,
  });
  console.log(`kube-sim serving ${values.dir} at ${sim.url}`);
  if (values['kubeconfig-out']) {
    await sim.writeKubeconfig(values['kubeconfig-out'], { contextName: values.context });
    console.log(`kubeconfig (context ${values.context}, admin token) written to ${values['kubeconfig-out']}`);
  }
  if (values['restricted-kubeconfig-out']) {
    await sim.writeRestrictedKubeconfig(values['restricted-kubeconfig-out'], { contextName: `${values.context}-restricted` });
    console.log(`restricted kubeconfig (no secrets, RBAC or nodes/proxy) written to ${values['restricted-kubeconfig-out']}`);
  }
  if (values['service-account-root']) {
    const sa = await sim.writeServiceAccountFiles(values['service-account-root']);
    console.log(`service-account files in ${sa.dir}; set KUBERNETES_SERVICE_HOST=${sa.env.KUBERNETES_SERVICE_HOST} KUBERNETES_SERVICE_PORT=${sa.env.KUBERNETES_SERVICE_PORT}`);
  }
  const shutdown = (): void => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`kube-sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
