/**
 * Retakes the dashboard screenshots in docs/screenshots (light and dark) from a running Rampart
 * seeded by tests/dashboard/seed-cli.ts, in Debian's Chromium:
 *
 *   createdb -h 127.0.0.1 -U postgres rampart_dash
 *   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rampart_dash RAMPART_ADMIN_EMAIL=admin@rampart.test RAMPART_ADMIN_PASSWORD=screenshots-password-42
 *   npx tsx --conditions=react-server tests/dashboard/seed-cli.ts
 *   npx next build && npx rampart serve --port 3300 &
 *   RAMPART_URL=http://127.0.0.1:3300 npx tsx scripts/screenshots.ts
 *
 * Not part of the test suite: the pictures are for people (README), and for looking at the pages.
 */
import { chromium, type Page } from '@playwright/test';
import { findChromium } from './find-chromium.mjs';

const BASE = process.env.RAMPART_URL ?? 'http://127.0.0.1:3300';
const EMAIL = process.env.RAMPART_ADMIN_EMAIL ?? 'admin@rampart.test';
const PASSWORD = process.env.RAMPART_ADMIN_PASSWORD ?? 'screenshots-password-42';
const OUT = 'docs/screenshots';

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

async function main() {
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: scheme });
      const page = await context.newPage();
      await signIn(page);
      const clusters = (await (await page.request.get(`${BASE}/api/clusters`)).json()) as { clusters: Array<{ id: string; name: string }> };
      const prod = clusters.clusters.find((c) => c.name === 'prod-eu-west') ?? clusters.clusters[0];
      if (!prod) throw new Error('No cluster: seed the database first (tests/dashboard/seed-cli.ts).');
      const finding = (await (await page.request.get(`${BASE}/api/findings?cluster=${prod.id}&severity=critical&limit=1`)).json()) as { findings: Array<{ id: string }> };
      const shots: Array<[string, string]> = [
        ['overview', '/'],
        ['cluster-scorecards', `/clusters/${prod.id}`],
        ['section', `/clusters/${prod.id}/sections/workloads`],
        ['findings', '/findings'],
        ['findings-by-check', '/findings?group=check'],
        ['finding-detail', `/findings/${finding.findings[0]?.id}`],
        ['checks', '/checks'],
        ['shell', '/settings'],
      ];
      for (const [name, path] of shots) {
        await page.goto(`${BASE}${path}`);
        await settle(page);
        await page.screenshot({ path: `${OUT}/${name}-${scheme}.png`, fullPage: !['shell', 'checks'].includes(name) });
        console.log(`${OUT}/${name}-${scheme}.png`);
      }
      // Trends: the cluster page's chart block, with a hover tooltip showing exact values.
      await page.goto(`${BASE}/clusters/${prod.id}`);
      await settle(page);
      const trends = page.locator('section[aria-labelledby="trends-heading"]');
      await trends.scrollIntoViewIfNeeded();
      const chart = trends.locator('svg.recharts-surface').first();
      const box = await chart.boundingBox();
      if (box) await page.mouse.move(box.x + box.width * 0.66, box.y + box.height / 2);
      await page.waitForTimeout(400);
      await trends.screenshot({ path: `${OUT}/trends-${scheme}.png` });
      console.log(`${OUT}/trends-${scheme}.png`);
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
