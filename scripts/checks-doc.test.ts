import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CHECKS } from '../lib/checks/index';
import { renderChecksDoc } from './checks-doc';

it('docs/CHECKS.md lists the current catalog (regenerate with `npx tsx scripts/checks-doc.ts`)', () => {
  const doc = readFileSync('docs/CHECKS.md', 'utf8');
  expect(doc).toBe(renderChecksDoc());
  for (const c of CHECKS) expect(doc).toContain(`\`${c.id}\``);
});
