/**
 * The real Rampart processes the fleet benchmark drives: `rampart worker` (pg-boss scan workers)
 * and `rampart serve` (production build), each a child process on the benchmark's database, and
 * a signed-in session for the dashboard's pages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitForHealth } from './http';

export interface RampartProcess {
  pid: number;
  /** Peak resident set (VmHWM) so far, in MB; null when the process is gone. */
  peakRssMb(): number | null;
  /** SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

function rampart(args: string[], env: Record<string, string>, logFile: string): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--max-semi-space-size=16', 'bin/rampart.mjs', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

function handle(child: ChildProcess): RampartProcess {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    peakRssMb() {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Math.round(Number(kb) / 1024) : null;
      } catch {
        return null;
      }
    },
    async stop(timeoutMs = 120_000) {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts `rampart worker` and resolves once it says it is ready (it has recovered scans and subscribed to the queue). */
export async function startWorker(env: Record<string, string>, logDir: string, index: number, pollSeconds?: number): Promise<RampartProcess> {
  const child = rampart(['worker', '--grace', '120', ...(pollSeconds ? ['--poll', String(pollSeconds)] : [])], env, path.join(logDir, `worker-${index}.log`));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out = (out + d.toString()).slice(-4000);
      if (out.includes('Rampart worker ready')) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`rampart worker exited (${code}) before it was ready: ${out}`)));
  });
  return handle(child);
}

/** Starts `rampart serve` (no in-process worker) and resolves once /api/health answers. */
export async function startServe(env: Record<string, string>, logDir: string, port: number): Promise<RampartProcess & { url: string }> {
  const url = `http://127.0.0.1:${port}`;
  const child = rampart(['serve', '--port', String(port), '--hostname', '127.0.0.1'], { ...env, RAMPART_BASE_URL: url, RAMPART_WORKER_IN_SERVE: 'false' }, path.join(logDir, 'serve.log'));
  const failed = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`rampart serve exited (${code}); see ${logDir}/serve.log`))));
  await Promise.race([waitForHealth(url, 180_000), failed]);
  return { ...handle(child), url };
}

/** Signs in through the sign-in endpoint the web UI uses; resolves to the session cookie. */
export async function signInCookie(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${(await response.text()).slice(0, 200)}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.includes('session_token='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie;
}
