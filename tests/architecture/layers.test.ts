/**
 * The layer rules in eslint.config.mjs fail on a crossing: each case lints a deliberate violation
 * as if it were a file of that layer, and the same file without the crossing lints clean.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const CASES: Array<{ layer: string; file: string; crossing: string; allowed: string }> = [
  { layer: 'a component', file: 'components/findings/_fixture.tsx', crossing: `import { getDb } from '@/lib/db/client';`, allowed: `import { SEVERITIES } from '@/lib/vocabulary';` },
  { layer: 'a check', file: 'lib/checks/workloads/_fixture.ts', crossing: `import { getDb } from '../../db/client';`, allowed: `import type { Severity } from '../../vocabulary';` },
  { layer: 'the RBAC engine', file: 'lib/rbac/_fixture.ts', crossing: `import { requireUser } from '@/lib/auth/session';`, allowed: `import { RISKS_BY_ID } from './risks';` },
  { layer: 'scoring', file: 'lib/scoring/_fixture.ts', crossing: `import { NextResponse } from 'next/server';`, allowed: `import { SEVERITIES } from '../vocabulary';` },
  { layer: 'a lib service', file: 'lib/dashboard/_fixture.ts', crossing: `import { startKubeSim } from '../../e2e/kube-sim';`, allowed: `import { getDb } from '../db/client';` },
  { layer: 'a lib service (the simulator)', file: 'lib/scans/_fixture.ts', crossing: `import { startKubeSim } from '../kube-sim';`, allowed: `import { selectorMatches } from '../k8s/label-selector';` },
  { layer: 'a check (the simulator)', file: 'lib/checks/_fixture.ts', crossing: `import { startKubeSim } from '@/lib/kube-sim';`, allowed: `import { selectorMatches } from '@/lib/k8s/label-selector';` },
  { layer: 'the simulator', file: 'lib/kube-sim/_fixture.ts', crossing: `import { getConfig } from '../config';`, allowed: `import { selectorMatches } from '../k8s/label-selector';` },
  { layer: 'the simulator (test tools)', file: 'lib/kube-sim/_fixture.ts', crossing: `import { startStack } from '@/e2e/support/start-stack';`, allowed: `import { ObjectStore } from './store';` },
  { layer: 'a page', file: 'app/(dashboard)/_fixture.tsx', crossing: `import { generateSyntheticCluster } from '@/bench/synthetic';`, allowed: `import { getDb } from '@/lib/db/client';` },
  { layer: 'the vocabulary', file: 'lib/vocabulary.ts', crossing: `import { z } from 'zod';`, allowed: `export const X = 1;` },
];

describe('layer rules', () => {
  it.each(CASES)('fail on a crossing from $layer, pass without it', async ({ file, crossing, allowed }) => {
    const body = '\nexport const used = [typeof getDb];\n'.replace('getDb', crossing.match(/\{ (\w+)/)?.[1] ?? 'X');
    expect(await restrictedImports(file, `${crossing}${body}`)).toHaveLength(1);
    expect(await restrictedImports(file, `${allowed}\n`)).toEqual([]);
  });
});
