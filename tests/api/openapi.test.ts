/**
 * The OpenAPI document describes every route file under app/api (or lists it as internal), with
 * the HTTP methods the file really exports; every $ref resolves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, INTERNAL_ROUTES } from '@/lib/api/openapi';

const ROOT = path.resolve(import.meta.dirname, '../..');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === 'route.ts' ? [p] : [];
  });
}

function apiPath(file: string): string {
  const rel = path.relative(path.join(ROOT, 'app'), path.dirname(file)).split(path.sep).join('/');
  return `/${rel}`.replace(/\[\.\.\.(\w+)\]/g, '{$1}').replace(/\[(\w+)\]/g, '{$1}');
}

function exportedMethods(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return METHODS.filter((m) => new RegExp(`export\\s+(const\\s+${m}\\b|async\\s+function\\s+${m}\\b|function\\s+${m}\\b)`).test(src));
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument('https://rampart.example.com') as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

  it('is OpenAPI 3.1 with bearer API-token auth', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(JSON.stringify(doc)).toContain('"scheme":"bearer"');
  });

  it('covers every route file under app/api with the methods it exports, or lists it as internal', () => {
    const files = routeFiles(path.join(ROOT, 'app/api'));
    expect(files.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const file of files) {
      const p = apiPath(file);
      if (INTERNAL_ROUTES[p]) continue;
      const item = doc.paths[p];
      if (!item) {
        missing.push(`${p} (no path)`);
        continue;
      }
      for (const m of exportedMethods(file)) if (!item[m.toLowerCase()]) missing.push(`${m} ${p}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents no operation that does not exist', () => {
    const files = new Map(routeFiles(path.join(ROOT, 'app/api')).map((f) => [apiPath(f), exportedMethods(f)]));
    files.set('/metrics', exportedMethods(path.join(ROOT, 'app/metrics/route.ts')));
    const extra: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      const methods = files.get(p);
      if (!methods) {
        extra.push(p);
        continue;
      }
      for (const key of Object.keys(item)) if (METHODS.includes(key.toUpperCase() as (typeof METHODS)[number]) && !methods.includes(key.toUpperCase())) extra.push(`${key.toUpperCase()} ${p}`);
    }
    expect(extra).toEqual([]);
  });

  it('every $ref resolves; request bodies come from the zod schemas', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
    const create = doc.components.schemas.CreateExceptionRequest as { anyOf: Array<{ required: string[]; properties: Record<string, { format?: string }> }> };
    expect(create.anyOf.map((a) => a.required)).toEqual([expect.arrayContaining(['findingIds', 'reason', 'expiresAt']), expect.arrayContaining(['checkId', 'reason', 'expiresAt'])]);
    expect(create.anyOf[0]!.properties.expiresAt!.format).toBe('date-time');
  });
});
