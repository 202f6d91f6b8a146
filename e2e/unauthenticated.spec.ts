/**
 * Every page and API route refuses a request without a session. The routes are enumerated
 * from the app/ directory, so a new page or handler is covered the day it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const APP = path.resolve('app');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Public by design: sign-in itself, better-auth's endpoints, and the health probe (see README). */
const PUBLIC_PAGES = new Set(['/sign-in']);
const PUBLIC_API = [/^\/api\/auth\//, /^\/api\/health$/];

interface Route {
  file: string;
  url: string;
  methods: string[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** app/(dashboard)/clusters/[id]/page.tsx → /clusters/x-does-not-exist */
function toUrl(file: string): string {
  const segments = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !(s.startsWith('(') && s.endsWith(')')))
    .map((s) => (s.startsWith('[...') ? 'any/thing' : s.startsWith('[') ? 'x-does-not-exist' : s));
  return '/' + segments.join('/');
}

const files = walk(APP);
const pages: Route[] = files.filter((f) => /\/page\.tsx?$/.test(f)).map((file) => ({ file, url: toUrl(file), methods: ['GET'] }));
const apis: Route[] = files
  .filter((f) => /\/route\.tsx?$/.test(f))
  .map((file) => {
    const text = readFileSync(file, 'utf8');
    const methods = METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`).test(text));
    return { file, url: toUrl(file), methods };
  });

test('the route list is not empty (the enumeration works)', () => {
  expect(pages.length).toBeGreaterThan(5);
  expect(apis.length).toBeGreaterThan(5);
});

test('every page redirects a signed-out visitor to sign-in', async ({ request }) => {
  for (const page of pages) {
    if (PUBLIC_PAGES.has(page.url)) continue;
    const res = await request.get(page.url, { maxRedirects: 0 });
    const location = res.headers()['location'] ?? '';
    expect.soft([res.status(), location.includes('/sign-in')], `${page.url} (${path.relative(APP, page.file)})`).toEqual([307, true]);
  }
});

test('every API route answers 401 without a session', async ({ request }) => {
  for (const api of apis) {
    if (PUBLIC_API.some((re) => re.test(api.url))) continue;
    for (const method of api.methods) {
      const res = await request.fetch(api.url, { method, maxRedirects: 0, data: method === 'GET' ? undefined : {} });
      expect.soft(res.status(), `${method} ${api.url} (${path.relative(APP, api.file)})`).toBe(401);
      const body = await res.text();
      expect.soft(body, `${method} ${api.url} leaks nothing`).not.toMatch(/stack|at Object\.|prisma/i);
    }
  }
});

test('a forged session cookie is refused like no cookie', async ({ request }) => {
  const res = await request.get('/api/clusters', { headers: { cookie: 'better-auth.session_token=forged.value; __Secure-better-auth.session_token=forged.value' } });
  expect(res.status()).toBe(401);
});
