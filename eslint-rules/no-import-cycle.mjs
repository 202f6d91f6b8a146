/**
 * rampart/no-import-cycle: fails when a module can reach itself through its imports (type-only
 * imports and re-exports included: a cycle of types still ties two layers together). Follows
 * relative and `@/` specifiers to .ts / .tsx files and index files; packages are not followed.
 */
import fs from 'node:fs';
import path from 'node:path';

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

/** file → resolved imports, for files read from disk during one lint run. */
const cache = new Map();

function resolveSpecifier(root, fromFile, spec) {
  let base;
  if (spec.startsWith('@/')) base = path.join(root, spec.slice(2));
  else if (spec.startsWith('./') || spec.startsWith('../')) base = path.resolve(path.dirname(fromFile), spec);
  else return undefined;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (/\.tsx?$/.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function importsOf(root, file, source) {
  const out = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const target = resolveSpecifier(root, file, m[1]);
    if (target) out.push({ spec: m[1], target });
  }
  return out;
}

function importsOnDisk(root, file) {
  let hit = cache.get(file);
  if (!hit) {
    let source = '';
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      // unreadable: no imports
    }
    hit = importsOf(root, file, source).map((i) => i.target);
    cache.set(file, hit);
  }
  return hit;
}

/** A path of files from `start` back to `target`, or undefined (depth-first, each file once). */
function pathBack(root, start, target) {
  const seen = new Set([start]);
  const stack = [[start, [start]]];
  while (stack.length > 0) {
    const [file, trail] = stack.pop();
    for (const next of importsOnDisk(root, file)) {
      if (next === target) return trail;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push([next, [...trail, next]]);
    }
  }
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow import cycles between project modules' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}. Move what both sides need into a lower module (e.g. lib/vocabulary.ts).' },
  },
  create(context) {
    const root = context.cwd;
    const file = path.resolve(context.filename);
    return {
      Program(node) {
        for (const { spec, target } of importsOf(root, file, context.sourceCode.text)) {
          if (target === file) continue;
          const trail = pathBack(root, target, file);
          if (!trail) continue;
          const chain = [file, ...trail, file].map((f) => path.relative(root, f)).join(' → ');
          context.report({ node, messageId: 'cycle', data: { chain: `${spec}: ${chain}` } });
        }
      },
    };
  },
};
