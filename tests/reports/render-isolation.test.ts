/**
 * PDF rendering runs outside the web process: while reports render, the same process keeps
 * answering /api/health, lists and new report requests; renders are bounded
 * (RAMPART_REPORT_RENDER_CONCURRENCY) and a renderer that dies or runs out of memory fails its
 * report, not the server. Real PostgreSQL, real renderer child processes, route handlers as
 * Next.js calls them. Deterministic: a renderer is held with SIGSTOP while the process is
 * probed, so the order of events never depends on timing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '@/lib/config';
import { rendererPids } from '@/lib/reports/pdf/isolated';
import * as health from '@/app/api/health/route';
import * as reports from '@/app/api/reports/route';
import { callRoute, until, useReportHarness } from './harness';

const h = useReportHarness({ RAMPART_REPORT_RENDER_CONCURRENCY: '1' });
const call = async (handler: unknown, urlPath: string, body?: unknown) => {
  const r = await callRoute(h, handler, urlPath, { body });
  return { status: r.status, json: r.json() };
};

const small = () => ({ clusters: [h.demo.clusterId], severities: ['critical'] });

const statusOf = async (id: string) => (await h.t.db.report.findUniqueOrThrow({ where: { id } })).status;
const allFinished = async (ids: string[]) => (await h.t.db.report.count({ where: { id: { in: ids }, status: { in: ['succeeded', 'failed'] } } })) === ids.length;

describe('PDF rendering outside the web process', () => {
  afterAll(() => {
    for (const pid of rendererPids()) process.kill(pid, 'SIGKILL');
  });

  it('answers health, lists and new report requests while reports render, one renderer at a time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(reports.POST, '/api/reports', small());
      expect(r.status).toBe(202);
      ids.push(r.json.report.id as string);
    }
    const [pid] = await until('a renderer process', () => rendererPids().length > 0 && rendererPids());
    process.kill(pid, 'SIGSTOP'); // the renderer cannot finish until we let it
    try {
      expect(await statusOf(ids[0])).toBe('running');
      const h = await health.GET();
      expect(h.status).toBe(200);
      const listed = await call(reports.GET, '/api/reports');
      expect(listed.status).toBe(200);
      const byId = new Map((listed.json.reports as Array<{ id: string; status: string }>).map((r) => [r.id, r.status]));
      expect(ids.map((id) => byId.get(id))).toEqual(['running', 'queued', 'queued']);
      // A new request is accepted (its transaction commits) while the render is in progress.
      const another = await call(reports.POST, '/api/reports', small());
      expect(another.status).toBe(202);
      ids.push(another.json.report.id as string);
      expect(await statusOf(ids[0])).toBe('running'); // all of the above happened mid-render
      expect(rendererPids()).toEqual([pid]); // concurrency 1: the others wait
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    let most = 0;
    await until('every report to finish', async () => {
      most = Math.max(most, rendererPids().length);
      return allFinished(ids);
    });
    expect(most).toBeLessThanOrEqual(1);
    const rows = await h.t.db.report.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => [r.status, r.error])).toEqual(ids.map(() => ['succeeded', null]));
  }, 240_000);

  it('a renderer that dies fails its report with a message; the next report still renders', async () => {
    const doomed = (await call(reports.POST, '/api/reports', small())).json.report.id as string;
    const next = (await call(reports.POST, '/api/reports', small())).json.report.id as string;
    const [pid] = await until('a renderer process', () => rendererPids().length > 0 && rendererPids());
    process.kill(pid, 'SIGKILL');
    await until('both reports to finish', () => allFinished([doomed, next]));
    const failed = await h.t.db.report.findUniqueOrThrow({ where: { id: doomed } });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/PDF renderer stopped unexpectedly \(signal SIGKILL\)/);
    expect(await statusOf(next)).toBe('succeeded');
    expect((await health.GET()).status).toBe(200);
  }, 240_000);

  it('a renderer over its memory cap fails the report (out of memory), not the server', async () => {
    process.env.RAMPART_REPORT_RENDER_MEMORY_MB = '24';
    resetConfigForTests();
    try {
      const id = (await call(reports.POST, '/api/reports', { clusters: [h.demo.clusterId] })).json.report.id as string;
      await until('the report to finish', () => allFinished([id]));
      const row = await h.t.db.report.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe('failed');
      expect(row.error).toMatch(/ran out of memory \(limit 24 MB/);
      expect((await health.GET()).status).toBe(200);
    } finally {
      delete process.env.RAMPART_REPORT_RENDER_MEMORY_MB;
      resetConfigForTests();
    }
  }, 240_000);
});
