/**
 * One date format in the UI: relative times (components/ui/relative-time.tsx RelativeTime) with the
 * exact time on hover, and formatTimestamp wherever an exact time is printed. Locale-dependent or
 * hand-sliced formats would bring back a second and a third way of writing the same instant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '@/components/ui/relative-time';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('dates in the UI', () => {
  it('prints an exact time one way, in UTC, to the second', () => {
    expect(formatTimestamp(new Date('2026-12-07T08:34:24.512Z'))).toBe('2026-12-07 08:34:24 UTC');
  });

  it('formats no date with the browser locale or by slicing an ISO string', () => {
    const theFormat = path.join('components', 'ui', 'relative-time.tsx');
    const offenders = ['components', 'app'].flatMap(sources).filter((file) => file !== theFormat).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\.toLocale(Date|Time)?String\(|toISOString\(\)\.replace\('T'/.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
