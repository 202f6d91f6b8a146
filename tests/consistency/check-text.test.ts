/**
 * Check text (title, description, rationale, remediation) is shown in the catalog, on finding pages,
 * in PDFs and exports: it speaks to the people who run clusters, never of our source files.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '@/lib/checks';

const SOURCE_PATH = /\b(?:lib|components|app|bin|scripts|tests)\/[\w./-]+\.(?:tsx?|mjs|js)\b/;

describe('check text', () => {
  it('never names a source file', () => {
    const offenders = CHECKS.filter((c) => SOURCE_PATH.test(JSON.stringify(c))).map((c) => `${c.id}: ${JSON.stringify(c).match(SOURCE_PATH)![0]}`);
    expect(offenders).toEqual([]);
  });
});
