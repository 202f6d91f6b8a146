/** Collects what a page should never show a user: console errors, uncaught exceptions and failed requests (4xx/5xx) to Rampart. */
import type { Page } from '@playwright/test';
import { E2E_BASE_URL } from './env';

export function watchPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(E2E_BASE_URL)) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return problems;
}
