/**
 * The installation directory (where package.json, prisma/ and lib/ live): found from this
 * file, or from the working directory when this code runs bundled (Next.js server chunks).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The first candidate root holding `marker` (a path relative to the root). Throws when none does. */
export function projectRoot(marker: string): string {
  const candidates: string[] = [];
  try {
    candidates.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
  } catch {
    // import.meta.url is not a file URL inside some bundles; fall back to cwd.
  }
  candidates.push(process.cwd());
  for (const dir of candidates) {
    if (existsSync(path.join(dir, marker))) return dir;
  }
  throw new Error(`Cannot find ${marker} (looked in ${candidates.join(', ')}). Run Rampart from its installation directory.`);
}
