/**
 * The Chromium that browser tests and screenshots drive: Playwright's own when installed
 * (`npx playwright install chromium`), else a system Chromium or Chrome. `undefined` when none is found.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The command that installs a browser Playwright can use, for the message when none is found. */
export const INSTALL_CHROMIUM_COMMAND = 'npx playwright install chromium';

export function findChromium(env = process.env) {
  if (env.RAMPART_CHROMIUM) return existsSync(env.RAMPART_CHROMIUM) ? env.RAMPART_CHROMIUM : undefined;
  let own;
  try {
    own = chromium.executablePath();
  } catch {
    own = undefined;
  }
  if (own && existsSync(own)) return own;
  return SYSTEM_BROWSERS.find((p) => existsSync(p));
}
