import { describe, expect, it } from 'vitest';
import { describeReportScope, labelMatches, reportParamsSchema } from '@/lib/reports/params';
import { pdfSafe, wrapCode } from '@/lib/reports/pdf/text';

describe('report params', () => {
  it('parse with defaults and describe their scope', () => {
    const p = reportParamsSchema.parse({ clusters: ['a', 'b'], sections: ['workloads', 'images'], severities: ['critical'], namespaces: ['shop'], label: 'env=prod', days: 7 });
    expect(reportParamsSchema.parse({})).toEqual({ clusters: [], sections: [], severities: [], namespaces: [], days: 30 });
    expect(() => reportParamsSchema.parse({ sections: ['nope'] })).toThrow();
    expect(describeReportScope(p)).toBe('Sections: workloads, images · Severities: critical · Namespaces: shop · Cluster label: env=prod · Trend period: 7 days');
  });

  it('match cluster labels by key=value or key', () => {
    expect(labelMatches({ env: 'prod' }, 'env=prod')).toBe(true);
    expect(labelMatches({ env: 'prod' }, 'env=dev')).toBe(false);
    expect(labelMatches({ env: 'prod' }, 'env')).toBe(true);
    expect(labelMatches({}, 'env')).toBe(false);
    expect(labelMatches({}, undefined)).toBe(true);
  });
});

describe('PDF text helpers', () => {
  it('map characters the standard fonts cannot encode', () => {
    expect(pdfSafe('score 71 → 72, ≥ 90 — ok ✓ 日本')).toBe('score 71 -> 72, >= 90 — ok OK ??');
  });

  it('hard-wrap long code lines, keeping indentation, never beyond the width', () => {
    const cmd = `kubectl -n shop patch deployment web --type strategic -p '${JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'app', securityContext: { privileged: false, runAsNonRoot: true } }] } } } })}'`;
    const wrapped = wrapCode(`${cmd}\n    short: line`, 60);
    const lines = wrapped.split('\n');
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.at(-1)).toBe('    short: line');
    expect(lines[1].startsWith('  ')).toBe(true);
    expect(lines.map((l) => l.trim()).join('').replace(/\s/g, '')).toBe(`${cmd}short:line`.replace(/\s/g, ''));
  });
});
