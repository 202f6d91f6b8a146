/**
 * The set-up most browser specs share: one demo cluster registered and scanned for the whole file,
 * a signed-in admin in every test and, optionally, no console error or failed request allowed.
 */
import { expect, test } from '@playwright/test';
import { sharedScannedCluster } from './clusters';
import { signIn } from './sign-in';
import { watchPageErrors } from './watch';

export function scannedClusterSuite(prefix: string, options: { noPageErrors?: boolean; labels?: Record<string, string> } = {}): { cluster: () => { id: string; name: string } } {
  let cluster: { id: string; name: string } | undefined;
  let problems: string[] = [];
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(150_000);
    cluster = await sharedScannedCluster(browser, prefix, options.labels);
  });
  test.beforeEach(async ({ page }) => {
    await signIn(page);
    problems = options.noPageErrors ? watchPageErrors(page) : [];
  });
  if (options.noPageErrors)
    test.afterEach(() => {
      expect(problems, 'console errors or failed requests').toEqual([]);
    });
  return {
    cluster: () => {
      if (!cluster) throw new Error('The shared cluster is set up in beforeAll.');
      return cluster;
    },
  };
}
