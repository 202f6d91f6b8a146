/**
 * Retakes the dashboard screenshots in docs/screenshots (light and dark, at 1280 px and 1440 px)
 * from a running Rampart with data: the demo (its drifting estate and weeks of history, Trivy
 * reports and attack paths) plus the three seeded clusters of tests/dashboard/seed-cli.ts:
 *
 *   createdb -h 127.0.0.1 -U postgres rampart_dash
 *   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rampart_dash RAMPART_ADMIN_EMAIL=admin@rampart.test RAMPART_ADMIN_PASSWORD=screenshots-password-42
 *   npx tsx --conditions=react-server tests/dashboard/seed-cli.ts
 *   npx next build && npx rampart demo --port 3300 &
 *   RAMPART_URL=http://127.0.0.1:3300 npx tsx scripts/screenshots.ts
 *
 * 1280 px pictures keep their names (name-light.png); 1440 px ones go to docs/screenshots/1440/.
 * Not part of the test suite: the pictures are for people (README), and for looking at the pages.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from './find-chromium.mjs';

const BASE = process.env.RAMPART_URL ?? 'http://127.0.0.1:3300';
const EMAIL = process.env.RAMPART_ADMIN_EMAIL ?? 'admin@rampart.test';
const PASSWORD = process.env.RAMPART_ADMIN_PASSWORD ?? 'screenshots-password-42';
const OUT = 'docs/screenshots';
mkdirSync(`${OUT}/1440`, { recursive: true });

async function signIn(page: Page): Promise<void> {
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Skeletons gone (React Query data arrived), charts drawn.
  await page.waitForFunction(() => !document.querySelector('[data-skeleton], .animate-pulse'), undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

const WIDTHS = [1280, 1440] as const;

/**
 * A full-page picture is taken in one tall viewport, where the fixed sidebar would end a screen down
 * the page; pinned to the shell instead, it runs the whole height as it does while scrolling.
 */
async function sidebarFullHeight(page: Page): Promise<void> {
  await page.evaluate(() => {
    const sidebar = document.getElementById('sidebar');
    if (!sidebar?.parentElement) return;
    sidebar.parentElement.style.position = 'relative';
    sidebar.style.position = 'absolute';
  });
}

/** Pages shot in full (the rest: the first screen). `cluster` is the demo cluster (attack paths, Trivy reports). */
function shotsFor(cluster: { id: string }, ids: { finding?: string; scan?: string; risk?: string }): Array<[name: string, path: string, full: boolean]> {
  return [
    ['overview', '/', true],
    ['cluster-scorecards', `/clusters/${cluster.id}`, true],
    ['section', `/clusters/${cluster.id}/sections/workloads`, true],
    ['findings', '/findings', false],
    ['findings-by-check', '/findings?group=check', true],
    ['findings-by-resource', '/findings?group=resource&limit=25', true],
    ['finding-detail', `/findings/${ids.finding}`, true],
    ['checks', '/checks', false],
    ['namespaces', `/clusters/${cluster.id}/namespaces`, true],
    ['compliance', `/clusters/${cluster.id}/compliance?framework=cis-1.10`, false],
    ['compliance-fleet', '/compliance', false],
    ['fix-first', `/risk/${ids.risk}`, true],
    ['scan-detail', `/scans/${ids.scan}`, true],
    ['vulnerabilities', '/vulnerabilities', true],
    ['rbac-graph', `/rbac/${cluster.id}`, false],
    ['shell', '/settings', false],
  ];
}

async function main() {
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  try {
    for (const width of WIDTHS)
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 860 }, colorScheme: scheme });
        const page = await context.newPage();
        await signIn(page);
        const out = (name: string) => `${OUT}/${width === 1280 ? '' : `${width}/`}${name}-${scheme}.png`;
        const get = async <T>(path: string) => (await (await page.request.get(`${BASE}${path}`)).json()) as T;
        const clusters = await get<{ clusters: Array<{ id: string; name: string }> }>('/api/clusters');
        const cluster = clusters.clusters.find((c) => c.name === 'demo') ?? clusters.clusters.find((c) => c.name === 'prod-eu-west') ?? clusters.clusters[0];
        if (!cluster) throw new Error('No cluster: start `rampart demo` (and seed the database: tests/dashboard/seed-cli.ts).');
        const finding = await get<{ findings: Array<{ id: string }> }>(`/api/findings?cluster=${cluster.id}&severity=critical&limit=1`);
        const scans = await get<{ scans: Array<{ id: string; status: string }> }>(`/api/clusters/${cluster.id}/scans?limit=5`);
        // The fix-first list links each workload to its risk page: the first one with an attack path.
        await page.goto(`${BASE}/clusters/${cluster.id}`);
        const risk = await page.locator('ol[aria-label="Workloads to fix first"] li').filter({ hasText: /path to/ }).first().getByRole('link').first().getAttribute('href').catch(() => null);
        const shots = shotsFor(cluster, { finding: finding.findings[0]?.id, scan: scans.scans.find((s) => s.status === 'succeeded')?.id, risk: risk?.split('/').pop() });
        for (const [name, path, full] of shots) {
          if (path.endsWith('/undefined')) continue;
          await page.goto(`${BASE}${path}`);
          await settle(page);
          if (full) await sidebarFullHeight(page);
          await page.screenshot({ path: out(name), fullPage: full });
          console.log(out(name));
        }
        // Trends: the cluster page's chart block, with a hover tooltip showing exact values.
        await page.goto(`${BASE}/clusters/${cluster.id}`);
        await settle(page);
        const trends = page.locator('section[aria-labelledby="trends-heading"]');
        await trends.scrollIntoViewIfNeeded();
        const chart = trends.locator('svg.recharts-surface').first();
        const box = await chart.boundingBox();
        if (box) await page.mouse.move(box.x + box.width * 0.66, box.y + box.height / 2);
        await page.waitForTimeout(400);
        await trends.screenshot({ path: out('trends') });
        console.log(out('trends'));
        await context.close();
      }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
