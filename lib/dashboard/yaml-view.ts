/**
 * Pure helpers for the finding detail page: a manifest as YAML with the lines of one field
 * (Finding.path) located, and a YAML patch shown as a line diff against the manifest.
 */
import YAML, { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { maskManifest } from '../k8s/mask';

/** `spec.template.spec.containers[0].securityContext.privileged` → ['spec', …, 0, 'securityContext', 'privileged']. */
export function parseFieldPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\[(\d+)\]|\["([^"]+)"\]|\['([^']+)'\]|([^.[\]]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else out.push(m[2] ?? m[3] ?? m[4]);
  }
  return out;
}

export interface YamlView {
  text: string;
  lines: string[];
  /** 1-based inclusive line range of the field, or of its deepest existing parent. */
  highlight: { from: number; to: number } | null;
  /** True when the exact field exists; false when only a parent was found (the field is unset). */
  exact: boolean;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The manifest as YAML, masked (lib/k8s/mask.ts: no credential value is ever rendered), with the field located. */
export function yamlWithHighlight(body: unknown, path: string | null | undefined): YamlView {
  const text = YAML.stringify(maskManifest(body), { lineWidth: 0 });
  const lines = text.replace(/\n$/, '').split('\n');
  if (!path) return { text, lines, highlight: null, exact: false };
  const doc = YAML.parseDocument(text);
  let node: Node | null = doc.contents as Node | null;
  let start: number | null = null;
  let end: number | null = null;
  let exact = true;
  for (const seg of parseFieldPath(path)) {
    if (typeof seg === 'number' && isSeq(node) && node.items[seg]) {
      node = node.items[seg] as Node;
      start = node.range?.[0] ?? start;
      end = node.range?.[1] ?? end;
    } else if (typeof seg === 'string' && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) {
        exact = false;
        break;
      }
      const key = pair.key as Node;
      node = (pair.value as Node | null) ?? null;
      start = key.range?.[0] ?? start;
      end = node?.range?.[1] ?? key.range?.[1] ?? end;
    } else {
      exact = false;
      break;
    }
  }
  if (start === null || end === null) return { text, lines, highlight: null, exact: false };
  const from = lineOf(text, start);
  // A range ends after the node's trailing newline: step back onto its last line.
  let to = lineOf(text, Math.max(start, end - 1));
  if (to < from) to = from;
  return { text, lines, highlight: { from, to: Math.min(to, lines.length) }, exact };
}

type Json = unknown;

/** Strategic-merge-like merge: maps merge, lists of objects with `name` merge by name, other values replace. */
export function strategicMerge(base: Json, patch: Json): Json {
  if (Array.isArray(patch)) {
    if (!Array.isArray(base)) return patch;
    const named = patch.every((p) => p && typeof p === 'object' && 'name' in (p as object));
    if (!named) return patch;
    const out = [...base];
    for (const p of patch as Array<{ name: unknown }>) {
      const i = out.findIndex((b) => b && typeof b === 'object' && (b as { name?: unknown }).name === p.name);
      if (i >= 0) out[i] = strategicMerge(out[i], p);
      else out.push(p);
    }
    return out;
  }
  if (patch && typeof patch === 'object') {
    const out: Record<string, Json> = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, Json>) } : {};
    for (const [k, v] of Object.entries(patch as Record<string, Json>)) out[k] = v === null ? undefined : strategicMerge(out[k], v);
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return out;
  }
  return patch;
}

export interface DiffLine {
  kind: 'same' | 'add' | 'remove' | 'gap';
  text: string;
}

/** Line diff (LCS) of two texts, as hunks with `context` unchanged lines around each change. */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const all: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      all.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) all.push({ kind: 'remove', text: a[i++] });
    else all.push({ kind: 'add', text: b[j++] });
  }
  while (i < n) all.push({ kind: 'remove', text: a[i++] });
  while (j < m) all.push({ kind: 'add', text: b[j++] });
  const keep = all.map(() => false);
  all.forEach((l, k) => {
    if (l.kind === 'same') return;
    for (let x = Math.max(0, k - context); x <= Math.min(all.length - 1, k + context); x++) keep[x] = true;
  });
  const out: DiffLine[] = [];
  all.forEach((l, k) => {
    if (keep[k]) out.push(l);
    else if (out.at(-1)?.kind !== 'gap' && out.length) out.push({ kind: 'gap', text: '…' });
  });
  if (out.at(-1)?.kind === 'gap') out.pop();
  return out;
}

/**
 * The diff a finding's patch makes to its manifest. A strategic-merge patch is merged into the
 * manifest (lists of named items merge by name, as kubectl does for containers); a JSON patch, or
 * a manifest we do not have, shows the patch body as added lines.
 */
export function patchDiff(manifest: unknown, patch: { type: string; body: string } | null): DiffLine[] | null {
  if (!patch?.body) return null;
  if (patch.type === 'strategic-merge' && manifest && typeof manifest === 'object') {
    manifest = maskManifest(manifest);
    try {
      const parsed = YAML.parse(patch.body) as Json;
      const before = YAML.stringify(manifest, { lineWidth: 0 });
      const after = YAML.stringify(strategicMerge(manifest, parsed), { lineWidth: 0 });
      const diff = lineDiff(before, after);
      if (diff.some((l) => l.kind !== 'same')) return diff;
    } catch {
      // fall through: show the patch itself
    }
  }
  return patch.body.replace(/\n$/, '').split('\n').map((text) => ({ kind: 'add' as const, text }));
}
