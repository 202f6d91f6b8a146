/** The kube-sim command line: starts, prints its URL, writes kubeconfigs, stops on SIGTERM. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('kube-sim CLI', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kube-sim-cli-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('serves the demo cluster until SIGTERM', async () => {
    const admin = path.join(work, 'admin.kubeconfig');
    const restricted = path.join(work, 'restricted.kubeconfig');
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['lib/kube-sim/cli.ts', '--dir', 'fixtures/demo-cluster', '--port', '0', '--kubeconfig-out', admin, '--restricted-kubeconfig-out', restricted],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start: ${output}`)), 30_000);
        child.stdout.on('data', () => {
          if (output.includes('restricted kubeconfig')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`CLI exited: ${output}`)));
      });
      const url = /at (https:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect((await stat(admin)).mode & 0o777).toBe(0o600);
      const config = parse(await readFile(admin, 'utf8')) as {
        'current-context': string;
        clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
        users: Array<{ user: { token: string } }>;
      };
      expect(config['current-context']).toBe('demo');
      expect(config.clusters[0].cluster.server).toBe(url);
      expect(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toContain('BEGIN CERTIFICATE');

      const kc = new KubeConfig();
      kc.loadFromFile(admin);
      expect((await kc.makeApiClient(CoreV1Api).listNode()).items).toHaveLength(3);
      const rk = new KubeConfig();
      rk.loadFromFile(restricted);
      expect(rk.getCurrentContext()).toBe('demo-restricted');
      await expect(rk.makeApiClient(CoreV1Api).listSecretForAllNamespaces()).rejects.toMatchObject({ code: 403 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
