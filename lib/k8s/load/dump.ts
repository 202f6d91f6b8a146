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
import { loadManifestText, type LoadResult } from './manifests';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Splits text holding one or more concatenated top-level JSON values into their source slices.
 * Returns the complete slices with their 1-based start lines, and an error for a trailing
 * unterminated value or an unbalanced bracket (the values before it are still returned).
 */
export function splitJsonValues(text: string): { parts: Array<{ text: string; line: number }>; error?: { line: number; message: string } } {
  const out: Array<{ text: string; line: number }> = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92 /* \ */) escaped = true;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) {
        start = i;
        startLine = line;
      }
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push({ text: text.slice(start, i + 1), line: startLine });
        start = -1;
      }
      if (depth < 0) return { parts: out, error: { line, message: 'unbalanced JSON: a closing bracket without an opening one' } };
    }
  }
  if (depth !== 0) return { parts: out, error: { line: startLine, message: 'JSON value is not terminated (truncated file?)' } };
  return { parts: out };
}

function addValue(builder: SnapshotBuilder, value: unknown, file: string, line: number, errors: LoadError[]): void {
  if (Array.isArray(value)) {
    value.forEach((v) => addValue(builder, v, file, line, errors));
    return;
  }
  if (isRecord(value) && Array.isArray(value.items) && (value.kind === undefined || (typeof value.kind === 'string' && value.kind.endsWith('List')))) {
    const listVersion = typeof value.apiVersion === 'string' ? value.apiVersion : 'v1';
    const itemKind = typeof value.kind === 'string' && value.kind !== 'List' ? value.kind.slice(0, -'List'.length) : undefined;
    value.items.forEach((item: unknown, i: number) => {
      if (isRecord(item) && itemKind && item.kind === undefined) {
        item.kind = itemKind;
        item.apiVersion ??= listVersion;
      }
      const outcome = builder.add(item);
      if (!outcome.ok) errors.push({ file, line, message: `items[${i}]: ${outcome.message}` });
    });
    return;
  }
  const outcome = builder.add(value);
  if (!outcome.ok) errors.push({ file, line, message: outcome.message });
}

/** Loads a `kubectl get … -A -o json` dump. Throws only when the file cannot be read. */
export function loadDump(file: string, options: { sourceName?: string } = {}): LoadResult {
  const abs = path.resolve(file);
  const text = readFileSync(abs, 'utf8');
  const rel = path.basename(abs);
  const builder = new SnapshotBuilder();
  const errors: LoadError[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let whole: unknown;
    let parsedWhole = false;
    try {
      whole = JSON.parse(text);
      parsedWhole = true;
    } catch {
      // Several concatenated JSON values, or a damaged one: split and parse each.
    }
    if (parsedWhole) {
      addValue(builder, whole, rel, 1, errors);
    } else {
      const { parts, error } = splitJsonValues(text);
      if (error) errors.push({ file: rel, ...error });
      for (const part of parts) {
        let value: unknown;
        try {
          value = JSON.parse(part.text);
        } catch (e) {
          errors.push({ file: rel, line: part.line, message: `invalid JSON: ${(e as Error).message}` });
          continue;
        }
        addValue(builder, value, rel, part.line, errors);
      }
    }
  } else {
    loadManifestText(builder, text, rel, errors);
  }
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
