import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetConfigForTests } from './config';
import { log, resetLogForTests } from './log';

const saved = process.env.LOG_LEVEL;

function captureStderr(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join('').split('\n').filter(Boolean);
}

function withLevel(level: string | undefined) {
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
  resetConfigForTests();
  resetLogForTests();
}

afterEach(() => withLevel(saved));

describe('operator log', () => {
  it('writes one JSON line per event to stderr with the component, fields and message; credential-named fields are redacted', () => {
    withLevel('info');
    const lines = captureStderr(() => log('reports').error({ reportId: 'r1', detail: { token: 'tok-123', password: 'pw-456' } }, 'report rendering failed'));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 50, service: 'rampart', component: 'reports', reportId: 'r1', msg: 'report rendering failed', detail: { token: '[redacted]', password: '[redacted]' } });
    expect(lines[0]).not.toContain('tok-123');
    expect(lines[0]).not.toContain('pw-456');
  });

  it('honours LOG_LEVEL: below the level and `silent` write nothing', () => {
    withLevel('error');
    expect(captureStderr(() => log('db').info('masked credential values in stored manifests'))).toEqual([]);
    withLevel('silent');
    expect(captureStderr(() => log('jobs').error('pg-boss background error'))).toEqual([]);
  });
});
