/**
 * loadDump: the output of `kubectl get <kinds> -A -o json` (a List), several such outputs
 * concatenated (`kubectl get pods -A -o json; kubectl get deploy -A -o json > dump.json`), a JSON
 * array of objects or lists, or an object with `items`. A YAML dump (`-o yaml`) is read through
 * the manifest parser. Parsed with JSON.parse (fast for large dumps); items get the same
 * reductions as every other source (classify.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SnapshotBuilder, type LoadError } from './builder';
export { splitJsonValues } from './json';
import { loadJsonText } from './json';
import { loadManifestText, type LoadResult } from './manifests';

/** Loads a `kubectl get … -A -o json` dump. Throws only when the file cannot be read. */
export function loadDump(file: string, options: { sourceName?: string } = {}): LoadResult {
  const abs = path.resolve(file);
  const text = readFileSync(abs, 'utf8');
  const rel = path.basename(abs);
  const builder = new SnapshotBuilder();
  const errors: LoadError[] = [];
  if (!loadJsonText(builder, text, rel, errors, false)) loadManifestText(builder, text, rel, errors);
  const snapshot = builder.build({ type: 'dump', name: options.sourceName ?? file });
  return {
    snapshot,
    errors,
    locations: builder.locations,
    root: path.dirname(abs),
    ignoredKinds: builder.ignoredKinds,
    duplicates: builder.duplicates,
  };
}
