/**
 * Commands that run only from a source checkout (`demo`, `bench`): they need folders and development
 * dependencies the container image leaves out (Dockerfile: bin/, lib/ and production dependencies
 * only). `missingFromCheckout` names what is missing so the command can refuse with a message
 * instead of failing on an import.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The folders and packages of `needs` that this installation (rooted at appDir) lacks. */
export function missingFromCheckout(appDir: string, needs: { folders: readonly string[]; packages: readonly string[] }): string[] {
  const resolve = createRequire(path.join(appDir, 'package.json')).resolve;
  const missing = needs.folders.filter((f) => !existsSync(path.join(appDir, f)));
  for (const pkg of needs.packages) {
    try {
      resolve(pkg);
    } catch {
      missing.push(`${pkg} (a development dependency)`);
    }
  }
  return missing;
}

/** The refusal for `npm run <script>` outside a source checkout, or undefined when nothing is missing. */
export function sourceCheckoutRefusal(script: string, missing: readonly string[]): string | undefined {
  if (missing.length === 0) return undefined;
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return `this installation lacks ${list}: the container image leaves ${missing.length === 1 ? 'it' : 'them'} out. Run it from a source checkout (npm ci, then npm run ${script}).`;
}
