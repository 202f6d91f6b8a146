/**
 * Manifest loading: every *.yaml / *.yml / *.json file under a directory (recursively, in name
 * order), multi-document YAML, and `kind: List` (or any *List with items) expanded into its items.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './store';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Expands `kind: List` documents; drops empty documents; rejects documents that are not objects. */
export function expandDocuments(docs: unknown[], source: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (!isObject(doc)) throw new Error(`${source}: a document is not a mapping`);
    if (typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) {
      const parentVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : 'v1';
      const itemKind = doc.kind === 'List' ? undefined : doc.kind.slice(0, -'List'.length);
      const items = doc.items.map((item: unknown) => {
        // Typed lists (PodList from `kubectl get -o json`) omit apiVersion/kind on items.
        if (isObject(item) && itemKind && item.kind === undefined) return { apiVersion: parentVersion, kind: itemKind, ...item };
        return item;
      });
      out.push(...expandDocuments(items, source));
      continue;
    }
    if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') {
      throw new Error(`${source}: a document lacks apiVersion or kind`);
    }
    out.push(doc as KubeObject);
  }
  return out;
}

/** Parses one manifest text (YAML, possibly multi-document, or JSON). */
export function parseManifestText(text: string, source = '<text>'): KubeObject[] {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const values: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0].message}`);
    values.push(doc.toJS({ maxAliasCount: 100 }));
  }
  return expandDocuments(values, source);
}

async function manifestFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...(await manifestFiles(full)));
    else if (e.isFile() && MANIFEST_EXT.test(e.name)) files.push(full);
  }
  return files;
}

/** Loads every manifest under `dir`. Throws naming the file on a parse error. */
export async function loadManifestDirectory(dir: string): Promise<KubeObject[]> {
  const files = await manifestFiles(dir);
  if (files.length === 0) throw new Error(`no *.yaml, *.yml or *.json manifests under ${dir}`);
  const out: KubeObject[] = [];
  for (const file of files) {
    out.push(...parseManifestText(await readFile(file, 'utf8'), path.relative(process.cwd(), file) || file));
  }
  return out;
}
