// Lint rules: TypeScript-aware recommended sets, React hooks rules for the UI, and the layer rules
// (docs/ARCHITECTURE.md): what each layer may import is enforced here, not by convention.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import noImportCycle from './eslint-rules/no-import-cycle.mjs';

/** Import specifiers (relative or `@/`) that reach a top-level folder of lib/. */
const libModule = (name) => `^(@/lib/|(\\.\\./)+|\\./)${name}(/|$)`;
const DATABASE = [libModule('db'), '(^|/)generated/prisma(/|$)', '^@prisma/', '^pg$'];
const FRAMEWORKS = ['^next(/|$)', '^react(-dom)?(/|$)'];
const SERVER = [libModule('auth'), ...FRAMEWORKS];
const TEST_TOOLS = ['(^|/)e2e(/|$)', '(^|/)bench(/|$)'];
/** The Kubernetes API simulator (lib/kube-sim): for tests and the CLI's `demo` / `bench`, never for the product. */
const SIMULATOR = [libModule('kube-sim')];
/** From lib/kube-sim: anything of lib/ but lib/k8s and lib/vocabulary, or outside lib/ in this repository. */
const ABOVE_SIMULATOR = ['^(@/lib/|\\.\\./)(?!k8s/|vocabulary$)', '^@/(?!lib/)'];
const restrict = (regexes, message) => ({ 'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }] });

/**
 * The layers. Pure engine (checks, scoring, RBAC engine, risk, frameworks, vocabulary): no database,
 * no auth, no Next.js. Components render what pages give them: no database. Product code never
 * imports test tools (e2e/, bench/) nor the simulator (lib/kube-sim, which bin/ and tests use). The
 * simulator sits on lib/k8s: it imports nothing else of the product. lib/vocabulary.ts imports nothing at all.
 */
const ENGINE = ['lib/checks/**', 'lib/scoring/**', 'lib/rbac/**', 'lib/risk/**', 'lib/frameworks/**', 'lib/k8s/**'];
const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'lib/db/test-utils.ts'];
// One block per file group (a later block's no-restricted-imports would replace an earlier one's).
export const layerRules = [
  {
    files: ENGINE,
    ignores: TESTS,
    rules: restrict([...DATABASE, ...SERVER, ...TEST_TOOLS, ...SIMULATOR], 'The engine is pure: no database, auth, Next.js, test tools or simulator; a service (lib/dashboard, lib/scans) loads data and passes it in.'),
  },
  {
    files: ['components/**'],
    ignores: TESTS,
    rules: restrict([...DATABASE, ...TEST_TOOLS, ...SIMULATOR], 'Components never query the database nor import test tools: the page (app/) or a lib service loads data and passes it as props.'),
  },
  {
    files: ['lib/**', 'app/**'],
    ignores: [...ENGINE, ...TESTS, 'lib/vocabulary.ts', 'lib/kube-sim/**'],
    rules: restrict([...TEST_TOOLS, ...SIMULATOR], 'Product code never imports test tools (e2e/, bench/) nor the simulator (lib/kube-sim).'),
  },
  {
    files: ['lib/kube-sim/**'],
    ignores: TESTS,
    rules: restrict([...ABOVE_SIMULATOR, '^@prisma/', '^pg$', ...FRAMEWORKS], 'kube-sim imports only lib/k8s and lib/vocabulary of the product, so that the CLI and tests can start it anywhere.'),
  },
  {
    files: ['lib/vocabulary.ts'],
    rules: restrict(['.*'], 'lib/vocabulary.ts is the bottom layer: it imports nothing.'),
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.rampart/**',
      'lib/generated/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'fixtures/**',
      'docs/**',
      'tmp/**',
      'tests/architecture/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', window: 'readonly',
        document: 'readonly', localStorage: 'readonly', navigator: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...layerRules,
  {
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'bin/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'tests/**/*.ts'],
    plugins: { rampart: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'rampart/no-import-cycle': 'error' },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
