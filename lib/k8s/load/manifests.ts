/**
 * loadManifests: a directory (recursively: *.yaml, *.yml, *.json, in name order) or one file of
 * Kubernetes manifests → ClusterSnapshot.
 *
 * Understands multi-document YAML, JSON, `kind: List` and typed `*List` documents, Helm-rendered
 * output (`---` separators, `# Source:` comments, empty documents) and KubeletConfiguration
 * documents (one per node, named by metadata.name, else by the file name). A document that is
 * malformed is reported as `{ file, line, message }` and skipped; everything else still loads.
 * Every object remembers its file (relative to the scan root) and the line where its document
 * (or list item) starts, for SARIF locations.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { ClusterSnapshot } from '../snapshot';
import { SnapshotBuilder, type LoadError, type SourceLocation } from './builder';
import { loadJsonText } from './json';

/** JSON files larger than this are parsed with JSON.parse (objects located at their top-level value), not the YAML parser. */
const LARGE_JSON_BYTES = 2_000_000;

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

export interface LoadResult {
  snapshot: ClusterSnapshot;
  /** Documents that were skipped, with the reason. */
  errors: LoadError[];
  /** Source location of every object, keyed by objectLocationKey (Kind/namespace/name). */
  locations: Map<string, SourceLocation>;
  /** The directory file paths in `locations` are relative to. */
  root: string;
  /** Objects of kinds no check reads (apiVersion/kind → count); they are not in the snapshot. */
  ignoredKinds: Map<string, number>;
  /** Objects defined twice (Kind/namespace/name); the later definition won. */
  duplicates: string[];
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile() && MANIFEST_EXT.test(e.name)) out.push(full);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses one file's text into the builder. `file` is the path shown in locations and errors.
 * Exported for tests and for callers that have manifest text rather than files.
 */
export function loadManifestText(builder: SnapshotBuilder, text: string, file: string, errors: LoadError[]): void {
  const lineCounter = new LineCounter();
  // YAML 1.1, as kubectl reads manifests (go-yaml): `yes`/`on` are booleans, `<<` merge keys work.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false, version: '1.1' });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const fallbackNode = path.basename(file).replace(MANIFEST_EXT, '');
  const docList = Array.isArray(docs) ? docs : [docs];
  for (const doc of docList) {
    const contents = doc.contents as YamlNode | null;
    const startLine = lineOf(contents?.range?.[0] ?? doc.range?.[0]);
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      errors.push({ file, line: err.linePos?.[0]?.line ?? startLine, message: `invalid YAML/JSON: ${err.message.split('\n')[0]}` });
      continue;
    }
    if (contents === null || contents === undefined) continue; // empty document (Helm output, trailing ---)
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      errors.push({ file, line: startLine, message: `invalid document: ${(e as Error).message}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (isRecord(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      // kind: List or a typed list (PodList, ...): each item is an object; typed lists may omit item apiVersion/kind.
      const itemsNode = isMap(contents) ? contents.get('items', true) : undefined;
      const itemNodes = isSeq(itemsNode) ? itemsNode.items : [];
      const listVersion = typeof value.apiVersion === 'string' ? value.apiVersion : 'v1';
      const itemKind = value.kind === 'List' ? undefined : value.kind.slice(0, -'List'.length);
      value.items.forEach((item: unknown, i: number) => {
        const node = itemNodes[i] as YamlNode | undefined;
        const line = node?.range ? lineOf(node.range[0]) : startLine;
        if (isRecord(item) && itemKind && item.kind === undefined) {
          item.kind = itemKind;
          item.apiVersion ??= listVersion;
        }
        const outcome = builder.add(item, { file, line }, fallbackNode);
        if (!outcome.ok) errors.push({ file, line, message: `items[${i}]: ${outcome.message}` });
      });
      continue;
    }
    const outcome = builder.add(value, { file, line: startLine }, fallbackNode);
    if (!outcome.ok) errors.push({ file, line: startLine, message: outcome.message });
  }
}

/**
 * Loads a directory of manifests (recursively) or a single manifest file.
 * Throws only when the path does not exist or holds no manifest files.
 */
export function loadManifests(pathOrDir: string, options: { sourceName?: string } = {}): LoadResult {
  const abs = path.resolve(pathOrDir);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat) throw new Error(`${pathOrDir}: no such file or directory`);
  const root = stat.isDirectory() ? abs : path.dirname(abs);
  const files = stat.isDirectory() ? listFiles(abs) : [abs];
  if (files.length === 0) throw new Error(`${pathOrDir}: no *.yaml, *.yml or *.json files found`);
  const builder = new SnapshotBuilder();
  const errors: LoadError[] = [];
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      errors.push({ file: rel, line: 1, message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (text.length > LARGE_JSON_BYTES && /\.json$/i.test(file) && loadJsonText(builder, text, rel, errors, true)) continue;
    loadManifestText(builder, text, rel, errors);
  }
  const snapshot = builder.build({ type: 'manifests', name: options.sourceName ?? pathOrDir });
  return { snapshot, errors, locations: builder.locations, root, ignoredKinds: builder.ignoredKinds, duplicates: builder.duplicates };
}
