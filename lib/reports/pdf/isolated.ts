/**
 * PDF rendering outside the web process. @react-pdf/renderer lays a document out synchronously
 * for seconds and keeps caches that grow with every render; run in the server it froze every
 * request (/api/health included) and grew the heap ~30 MB per report. Here each render runs in a
 * fresh child process (./render-process.ts through tsx) with:
 *   - a heap cap: RAMPART_REPORT_RENDER_MEMORY_MB (node --max-old-space-size),
 *   - a time limit: RAMPART_REPORT_RENDER_TIMEOUT_SECONDS (then SIGKILL),
 *   - bounded concurrency: at most RAMPART_REPORT_RENDER_CONCURRENCY renders per process; the
 *     rest wait in FIFO order for a slot (withRenderSlot).
 * A child that crashes, runs out of memory or is killed rejects with a RenderFailedError whose
 * message says what happened; the web process carries on.
 */
import * as childProcess from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { getConfig } from '@/lib/config';
import { projectRoot } from '@/lib/project-root';
import type { ReportViewModel } from '../view-model';
import type { RenderReply } from './render-process';
import type { EvidenceBundle } from '../../compliance/evidence';
import type { EvidenceDigest } from '../../compliance/evidence-digest';

const ENTRY = path.join('lib', 'reports', 'pdf', 'render-process.ts');
const STDERR_TAIL = 4096;

export class RenderFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderFailedError';
  }
}

// ───────────────────────── bounded concurrency ─────────────────────────

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `fn` once one of the RAMPART_REPORT_RENDER_CONCURRENCY render slots is free (FIFO). */
export async function withRenderSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= getConfig().RAMPART_REPORT_RENDER_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else running--;
  }
}

// ───────────────────────── child processes ─────────────────────────

const children = new Set<ChildProcess>();

/** Process ids of the renderer children alive now (for operators' diagnostics and tests). */
export function rendererPids(): number[] {
  return [...children].map((c) => c.pid).filter((pid): pid is number => typeof pid === 'number');
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, stderr: string, limits: { memoryMb: number; timedOut: boolean; timeoutSeconds: number }): string {
  if (limits.timedOut) return `the PDF renderer took longer than ${limits.timeoutSeconds} s and was stopped`;
  if (/heap out of memory|Reached heap limit/i.test(stderr)) return `the PDF renderer ran out of memory (limit ${limits.memoryMb} MB, RAMPART_REPORT_RENDER_MEMORY_MB); narrow the report or raise the limit`;
  return `the PDF renderer stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
}

/** Renders `vm` in a new child process (no slot taken: see withRenderSlot / renderPdfIsolated). */
export function renderInChild(vm: ReportViewModel): Promise<Buffer> {
  return renderMessageInChild({ vm });
}

function renderMessageInChild(message: { vm: ReportViewModel } | { evidence: EvidenceBundle & { digest: EvidenceDigest } }): Promise<Buffer> {
  const config = getConfig();
  const memoryMb = config.RAMPART_REPORT_RENDER_MEMORY_MB;
  const timeoutSeconds = config.RAMPART_REPORT_RENDER_TIMEOUT_SECONDS;
  const root = projectRoot(ENTRY);
  return new Promise<Buffer>((resolve, reject) => {
    // Looked up by name so the bundler does not try to resolve the renderer's path at build time
    // (it is a file run by tsx in a child process, not a module of the bundle).
    const fork = Reflect.get(childProcess, 'fork') as typeof childProcess.fork;
    const child = fork(path.join(root, ENTRY), [], {
      cwd: root, // tsx and tsconfig.json (path aliases) resolve from here
      execArgv: ['--import', 'tsx', `--max-old-space-size=${memoryMb}`, '--max-semi-space-size=16'],
      serialization: 'advanced', // structured clone: Dates and bytes survive
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.add(child);
    let stderr = '';
    let reply: RenderReply | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('message', (m: RenderReply) => {
      reply = m;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new RenderFailedError(`the PDF renderer could not start: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (reply?.ok && code === 0) resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else if (reply && !reply.ok) reject(new RenderFailedError(reply.error));
      else reject(new RenderFailedError(describeExit(code, signal, stderr, { memoryMb, timedOut, timeoutSeconds })));
    });
    child.send(message, (err) => {
      if (err) child.kill('SIGKILL');
    });
  });
}

/** Renders `vm` to PDF bytes in a capped child process, waiting for a free render slot first. */
export function renderPdfIsolated(vm: ReportViewModel): Promise<Buffer> {
  return withRenderSlot(() => renderInChild(vm));
}

/** Renders an evidence pack to PDF bytes in a capped child process, in a render slot like reports. */
export function renderEvidencePdfIsolated(bundle: EvidenceBundle & { digest: EvidenceDigest }): Promise<Buffer> {
  return withRenderSlot(() => renderMessageInChild({ evidence: bundle }));
}
