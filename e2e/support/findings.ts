/** Assertions on the findings browser's table (app/(dashboard)/findings), and test set-up of findings. */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import pg from 'pg';
import { E2E_DATABASE_URL_FILE } from './env';

/** The table lists findings, all of one resource: "Kind name" in the resource column, its namespace in the namespace column. */
export async function expectOnlyFindingsOf(page: Page, resource: { kind: string; namespace?: string | null; name: string }): Promise<void> {
  await expect(page.locator('[data-finding-row]').first()).toBeVisible();
  for (const r of await page.locator('[data-finding-row] td:nth-child(5)').allInnerTexts()) expect(r.trim()).toBe(`${resource.kind} ${resource.name}`);
  for (const n of await page.locator('[data-finding-row] td:nth-child(4)').allInnerTexts()) expect(n.trim()).toBe(resource.namespace ?? '—');
}

/** Test set-up only: the finding was first seen `days` ago (a scan cannot be run in the past). */
export async function backdateFinding(findingId: string, days: number): Promise<void> {
  const client = new pg.Client({ connectionString: readFileSync(E2E_DATABASE_URL_FILE, 'utf8').trim() });
  await client.connect();
  try {
    await client.query(`UPDATE findings SET first_seen_at = now() - make_interval(days => $2) WHERE id = $1`, [findingId, days]);
  } finally {
    await client.end();
  }
}
