/**
 * rampart/no-import-cycle (eslint-rules/no-import-cycle.mjs) fails on a cycle, type-only imports
 * included, and passes a module whose imports do not lead back to it. The fixtures are excluded
 * from `npm run lint`; this test lints them with the project's configuration.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const FIXTURES = path.join(process.cwd(), 'tests/architecture/fixtures/cycle');
const eslint = new ESLint({ cwd: process.cwd(), ignore: false });

async function cycleMessages(file: string): Promise<string[]> {
  const [result] = await eslint.lintFiles([path.join(FIXTURES, file)]);
  return result!.messages.filter((m) => m.ruleId === 'rampart/no-import-cycle').map((m) => m.message);
}

describe('rampart/no-import-cycle', () => {
  it('reports a cycle of type-only imports with the chain that closes it', async () => {
    const messages = await cycleMessages('a.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('tests/architecture/fixtures/cycle/a.ts → tests/architecture/fixtures/cycle/b.ts → tests/architecture/fixtures/cycle/a.ts');
  });

  it('passes a module whose imports never lead back to it', async () => {
    expect(await cycleMessages('c.ts')).toEqual([]);
  });
});
