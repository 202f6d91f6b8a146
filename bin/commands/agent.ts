/**
 * `rampart agent --url <rampart> [--token-file F] [--interval S] [--once] [--kubeconfig F]`:
 * runs inside a private cluster (deploy/agent: a read-only ClusterRole, no Service, no inbound
 * traffic), collects with the same collector scans use, and pushes the snapshot to Rampart over
 * HTTPS with the cluster's enrolment token (a Secret mounted as a file). Rampart never connects
 * to the cluster's API server. Runs every --interval seconds (default 900); --once uploads once
 * and exits 0 on acceptance, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { collectAndPush } from '../../lib/agent/push';

interface AgentCliOptions {
  url: string;
  tokenFile: string;
  interval: string;
  once?: boolean;
  kubeconfig?: string;
}

export function register(program: Command): void {
  program
    .command('agent')
    .description('Run inside a cluster: collect with a read-only identity and push snapshots to Rampart (agent mode).')
    .requiredOption('--url <url>', "Rampart's public URL, e.g. https://rampart.example.com")
    .option('--token-file <file>', 'file holding the enrolment token (a mounted Secret)', '/var/run/secrets/rampart/token')
    .option('--interval <seconds>', 'seconds between uploads', '900')
    .option('--once', 'upload once and exit')
    .option('--kubeconfig <file>', 'kubeconfig to collect with (default: the pod service account)')
    .action(async (opts: AgentCliOptions) => {
      try {
        process.exitCode = await agent(opts);
      } catch (error) {
        console.error(`rampart agent: ${(error as Error).message}`);
        process.exit(1);
      }
    });
}

async function agent(opts: AgentCliOptions): Promise<number> {
  const url = new URL(opts.url);
  if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new Error(`--url must be https (got ${url.protocol}//${url.host}): the enrolment token must not travel in clear text.`);
  }
  const interval = Number(opts.interval);
  if (!Number.isFinite(interval) || interval < 30) throw new Error('--interval must be a number of seconds ≥ 30.');
  const token = readFileSync(opts.tokenFile, 'utf8').trim();
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromCluster();

  for (;;) {
    const started = Date.now();
    let ok = false;
    try {
      const result = await collectAndPush(kc, { url: url.toString(), token });
      ok = result.status === 202;
      console.log(
        ok
          ? `rampart agent: uploaded ${result.objects} objects; scan ${result.body.scanId ?? '?'} queued.`
          : `rampart agent: upload refused (${result.status}): ${result.body.error ?? 'no reason given'}`,
      );
    } catch (error) {
      console.error(`rampart agent: ${(error as Error).message}`);
    }
    if (opts.once) return ok ? 0 : 1;
    await new Promise((r) => setTimeout(r, Math.max(1000, interval * 1000 - (Date.now() - started))));
  }
}
