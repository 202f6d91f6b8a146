/**
 * JSON input with JSON.parse (fast for large files): one value, several concatenated values
 * (`kubectl get pods -A -o json; kubectl get deploy -A -o json`), arrays, `*List` objects or
 * objects with `items`. Objects are located at the start line of the top-level value holding them.
 */
import { SnapshotBuilder, type LoadError } from './builder';

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

function addValue(builder: SnapshotBuilder, value: unknown, file: string, line: number, errors: LoadError[], locate: boolean): void {
  const where = locate ? { file, line } : undefined;
  if (Array.isArray(value)) {
    value.forEach((v) => addValue(builder, v, file, line, errors, locate));
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
      const outcome = builder.add(item, where);
      if (!outcome.ok) errors.push({ file, line, message: `items[${i}]: ${outcome.message}` });
    });
    return;
  }
  const outcome = builder.add(value, where);
  if (!outcome.ok) errors.push({ file, line, message: outcome.message });
}

/**
 * Adds every object of a JSON text to the builder; returns false when the text is not JSON at
 * all (does not start with `{` or `[`). `locate` records file + line for each object.
 */
export function loadJsonText(builder: SnapshotBuilder, text: string, file: string, errors: LoadError[], locate: boolean): boolean {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  let whole: unknown;
  let parsedWhole = false;
  try {
    whole = JSON.parse(text);
    parsedWhole = true;
  } catch {
    // Several concatenated JSON values, or a damaged one: split and parse each.
  }
  if (parsedWhole) {
    const startLine = text.slice(0, text.length - trimmed.length).split('\n').length;
    addValue(builder, whole, file, startLine, errors, locate);
    return true;
  }
  const { parts, error } = splitJsonValues(text);
  if (error) errors.push({ file, ...error });
  for (const part of parts) {
    let value: unknown;
    try {
      value = JSON.parse(part.text);
    } catch (e) {
      errors.push({ file, line: part.line, message: `invalid JSON: ${(e as Error).message}` });
      continue;
    }
    addValue(builder, value, file, part.line, errors, locate);
  }
  return true;
}
