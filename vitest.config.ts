import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `import 'server-only'` marks modules for Next.js; outside React Server Components it throws.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'bin/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // As in playwright.config.ts: on CI a test that fails is run once more; a pass on retry is still
    // listed (scripts/test-all.mjs prints it as flaky) so that it gets fixed.
    retry: process.env.CI ? 1 : 0,
  },
});
