/** Assertions on the findings browser's table (app/(dashboard)/findings). */
import { expect, type Page } from '@playwright/test';

/** The table lists findings, all of one resource: "Kind name" in the resource column, its namespace in the namespace column. */
export async function expectOnlyFindingsOf(page: Page, resource: { kind: string; namespace?: string | null; name: string }): Promise<void> {
  await expect(page.locator('[data-finding-row]').first()).toBeVisible();
  for (const r of await page.locator('[data-finding-row] td:nth-child(5)').allInnerTexts()) expect(r.trim()).toBe(`${resource.kind} ${resource.name}`);
  for (const n of await page.locator('[data-finding-row] td:nth-child(4)').allInnerTexts()) expect(n.trim()).toBe(resource.namespace ?? '—');
}
