/**
 * Every API route handler (found on disk under app/api and app/metrics, so a new route is swept
 * without editing this file), called as Next.js calls it with an admin API token and hostile
 * input: NUL bytes, huge values, impossible dates, bad enums, bad numbers and ids in every query
 * parameter the OpenAPI document declares (plus common names), in every path parameter, and
 * malformed or unknown-shaped JSON bodies. Each answer must be a 4xx with a JSON `error`
 * message (never a 500); a NUL byte or an over-long value is always a 400, so neither reaches
 * PostgreSQL.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from '@/lib/auth/users';
import { parseKubeconfigRequestSchema, registerClusterSchema, testCredentialsRequestSchema, updateClusterSchema } from '@/lib/clusters/schema';
import type { TestDatabase } from '@/lib/db/test-utils';
import { createExceptionInputSchema } from '@/lib/exceptions/schema';
import { webhookInputSchema, webhookUpdateSchema } from '@/lib/notifications/schema';
import { reportParamsSchema, reportScheduleInputSchema } from '@/lib/reports/params';
import { createTokenSchema } from '@/app/api/users/me/tokens/route';
import { callRoute, tokenUser, useRouteDatabase, type Handler } from '../helpers/routes';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const ROOT = path.resolve(__dirname, '../..');

interface Route {
  file: string;
  /** e.g. /api/clusters/[id]/rbac */
  pattern: string;
  /** OpenAPI form: /api/clusters/{id}/rbac */
  openapiPath: string;
  params: string[];
  module: Partial<Record<(typeof METHODS)[number], Handler>>;
  source: string;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === 'route.ts' ? [full] : [];
  });
}

const NUL_VALUES = ['\u0000', 'abc\u0000def'];
const HUGE = 'x'.repeat(100_000);
const ODD_VALUES = ['0000-01-01', '275760-09-14', '2026-02-30', '1e400', '-1', '99999999999999999999', 'bogus', "' OR 1=1 --", '\ud800'];
/** Query names tried on every GET route besides the ones the OpenAPI document declares. */
const COMMON_QUERY = ['q', 'since', 'from', 'to', 'cluster', 'limit', 'cursor', 'status', 'severity', 'action', 'section', 'format', 'days', 'scan', 'scanId', 'before', 'range'];
/** The subset tried with every odd value (each name × value is one request, so it stays small). */
const ODD_QUERY = ['q', 'since', 'from', 'to', 'limit', 'cursor', 'status', 'severity', 'action'];

let t: TestDatabase;
let token = '';
const routes: Route[] = [];
const ids: Record<string, string> = {};
const env = useRouteDatabase();

beforeAll(async () => {
  t = env.t;
  token = (await tokenUser(t.db, { name: 'admin user', email: 'admin@example.com', role: 'admin' }, 'sweep')).token;
  const other = await t.db.user.create({ data: { name: 'viewer user', email: 'viewer@example.com', role: 'viewer' } });
  const cluster = await t.db.cluster.create({ data: { name: 'sweep', authType: 'token', apiServerUrl: 'https://k8s.example' } });
  const scan = await t.db.scan.create({ data: { clusterId: cluster.id, trigger: 'manual', status: 'failed', finishedAt: new Date(), error: 'unreachable' } });
  const webhook = await t.db.webhook.create({ data: { name: 'w', url: 'http://127.0.0.1:9/hook', format: 'generic', events: ['scan.failing'] } });
  // A real id per path parameter, so body validation is reached (not only the 404 of a missing object).
  Object.assign(ids, { id: cluster.id, cluster: cluster.id, scan: scan.id, webhook: webhook.id, user: other.id, key: 'User:alice' });

  for (const file of [...routeFiles(path.join(ROOT, 'app/api')), ...routeFiles(path.join(ROOT, 'app/metrics'))]) {
    const pattern = '/' + path.relative(path.join(ROOT, 'app'), path.dirname(file)).split(path.sep).join('/');
    if (pattern.startsWith('/api/auth/')) continue; // better-auth's own endpoints: tests/auth/http-surface.test.ts
    routes.push({
      file,
      pattern,
      openapiPath: pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, '{$1}'),
      params: [...pattern.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!),
      module: (await import(file)) as Route['module'],
      source: readFileSync(file, 'utf8'),
    });
  }
}, 120_000);

function idFor(route: Route, param: string): string {
  if (param === 'id') {
    if (route.pattern.startsWith('/api/scans/')) return ids.scan!;
    if (route.pattern.startsWith('/api/webhooks/')) return ids.webhook!;
    if (route.pattern.startsWith('/api/users/')) return ids.user!;
    if (route.pattern.startsWith('/api/clusters/')) return ids.cluster!;
  }
  return ids[param] ?? 'missing';
}

async function call(route: Route, method: string, opts: { query?: URLSearchParams; params?: Record<string, string>; body?: string }) {
  const params = opts.params ?? Object.fromEntries(route.params.map((p) => [p, idFor(route, p)]));
  let urlPath = route.pattern;
  for (const [k, v] of Object.entries(params)) urlPath = urlPath.replace(`[${k}]`, encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd')));
  const qs = opts.query?.toString();
  return callRoute(route.module[method as (typeof METHODS)[number]], `${urlPath}${qs ? `?${qs}` : ''}`, { method, bearer: token, params, rawBody: opts.body });
}

function describeCall(route: Route, method: string, what: string) {
  return `${method} ${route.pattern} ${what}`;
}

/** What is wrong with an answer that should refuse the input (4xx, or exactly 400, with a JSON message); null when right. */
function refusalProblem(result: Awaited<ReturnType<typeof call>>, label: string, exactly400 = false): string | null {
  const seen = `${label} → ${result.status} ${result.text.slice(0, 160)}`;
  if (result.status < 400 || result.status >= 500 || (exactly400 && result.status !== 400)) return seen;
  return typeof result.json?.error === 'string' ? null : `${seen} (no JSON error message)`;
}

/** What is wrong with an answer that may accept the input but must not fail on it; null when right. */
function serverErrorProblem(result: Awaited<ReturnType<typeof call>>, label: string): string | null {
  if (result.status >= 500) return `${label} → ${result.status} ${result.text.slice(0, 160)}`;
  if (result.status >= 400 && typeof result.json?.error !== 'string') return `${label} → ${result.status} without a JSON error message`;
  return null;
}

function declaredQuery(route: Route, method: string): string[] {
  const doc = buildOpenApiDocument('http://localhost:3000') as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
  return (doc.paths[route.openapiPath]?.[method.toLowerCase()]?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

/** Routes whose GET renders or streams a large result: only the refusals are swept there. */
const isDownload = (route: Route) => /\/download$|\/exports\/|\/pdf$/.test(route.pattern);

describe('hostile input to every API route', () => {
  it('finds the route files', () => {
    expect(routes.length).toBeGreaterThanOrEqual(35);
    expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/api/findings', '/api/audit', '/api/exports/findings', '/api/reports', '/metrics']));
  });

  it('refuses NUL bytes and huge values in any query parameter with a 400, never a 500', async () => {
    const problems: Array<string | null> = [];
    for (const route of routes) {
      for (const method of METHODS) {
        // /api/health and /metrics read no parameter at all.
        if (!route.module[method] || route.pattern === '/metrics' || route.pattern === '/api/health') continue;
        const names = new Set([...declaredQuery(route, method), ...(method === 'GET' ? COMMON_QUERY : ['q'])]);
        for (const name of names) {
          for (const value of [...NUL_VALUES, HUGE]) {
            const label = describeCall(route, method, `?${name}=${JSON.stringify(value.slice(0, 12))}`);
            problems.push(refusalProblem(await call(route, method, { query: new URLSearchParams({ [name]: value }) }), label, true));
          }
        }
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
  }, 600_000);

  it('answers odd dates, enums, numbers and ids in declared query parameters with 2xx or a 4xx message, never a 500', async () => {
    const problems: Array<string | null> = [];
    for (const route of routes) {
      if (!route.module.GET || isDownload(route) || route.pattern === '/metrics' || route.pattern === '/api/health') continue;
      for (const name of new Set([...declaredQuery(route, 'GET'), ...ODD_QUERY])) {
        for (const value of ODD_VALUES) {
          problems.push(serverErrorProblem(await call(route, 'GET', { query: new URLSearchParams({ [name]: value }) }), describeCall(route, 'GET', `?${name}=${JSON.stringify(value)}`)));
        }
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
  }, 600_000);

  it('refuses NUL bytes and huge values in path parameters with a 400, and answers odd ids without a 500', async () => {
    const problems: Array<string | null> = [];
    for (const route of routes) {
      for (const method of METHODS) {
        if (!route.module[method] || route.params.length === 0) continue;
        for (const param of route.params) {
          const base = Object.fromEntries(route.params.map((p) => [p, idFor(route, p)]));
          for (const value of [...NUL_VALUES, HUGE]) {
            problems.push(refusalProblem(await call(route, method, { params: { ...base, [param]: value } }), describeCall(route, method, `[${param}]=${JSON.stringify(value.slice(0, 12))}`), true));
          }
          if (method === 'DELETE') continue; // odd ids on DELETE: 404 at best; a valid id would delete the fixture
          for (const value of ['nope', '../x', '%', ' ', '\ud800', '-1']) {
            problems.push(serverErrorProblem(await call(route, method, { params: { ...base, [param]: value } }), describeCall(route, method, `[${param}]=${JSON.stringify(value)}`)));
          }
        }
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
  }, 600_000);

  it('reads every JSON body through parseJsonBody (no handler parses or ignores a body itself)', () => {
    const raw = routes.filter((r) => /\breq(uest)?\.(json|text|formData|arrayBuffer)\(\)/.test(r.source)).map((r) => r.pattern);
    expect(raw, 'these routes read the body without parseJsonBody').toEqual([]);
  });

  it('refuses malformed and unknown-shaped JSON bodies with a 400 and a message', async () => {
    const problems: Array<string | null> = [];
    const bodies = ['{"a":', 'not json', '[]', '"text"', 'null', '42', '{"unexpected":true}', `{"name":"${'n\\u0000'}"}`, JSON.stringify({ name: HUGE })];
    let bodyRoutes = 0;
    for (const route of routes) {
      for (const method of ['POST', 'PUT', 'PATCH'] as const) {
        if (!route.module[method] || !route.source.includes('parseJsonBody')) continue;
        // Creating an API token needs a browser session (403 for any token): its schema is swept below.
        if (route.pattern === '/api/users/me/tokens') continue;
        bodyRoutes += 1;
        for (const body of bodies) {
          problems.push(refusalProblem(await call(route, method, { body }), describeCall(route, method, `body ${body.slice(0, 24)}`), true));
        }
      }
    }
    expect(bodyRoutes).toBeGreaterThanOrEqual(12);
    expect(problems.filter(Boolean)).toEqual([]);
  }, 600_000);

  it('refuses a CSV export with a NUL in the filter before streaming anything', async () => {
    const route = routes.find((r) => r.pattern === '/api/exports/findings')!;
    const result = await call(route, 'GET', { query: new URLSearchParams({ format: 'csv', q: '\u0000' }) });
    expect(refusalProblem(result, 'export q=%00', true)).toBeNull();
  });
});

describe('request body schemas', () => {
  /** Every string a client can send has a maximum length (a 1 MB display name is refused). */
  function unboundedStrings(schema: z.ZodType, at: string, out: string[], seen = new Set<unknown>()): string[] {
    if (seen.has(schema)) return out;
    seen.add(schema);
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    const child = (s: unknown, p: string) => unboundedStrings(s as z.ZodType, p, out, seen);
    switch (def.type) {
      case 'string':
        if ((schema as z.ZodString).maxLength === null) out.push(at || '(body)');
        break;
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) child(v, `${at}.${k}`);
        break;
      case 'array':
        child(def.element, `${at}[]`);
        break;
      case 'record':
        child(def.keyType, `${at}{key}`);
        child(def.valueType, `${at}{value}`);
        break;
      case 'union':
        for (const o of def.options as unknown[]) child(o, at);
        break;
      case 'pipe':
        child(def.in, at);
        break;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
        child(def.innerType, at);
        break;
      default:
        break;
    }
    return out;
  }

  it('limit the length of every string field', () => {
    const schemas: Record<string, z.ZodType> = {
      createUserSchema, updateUserSchema, resetPasswordSchema, createTokenSchema,
      registerClusterSchema, updateClusterSchema, parseKubeconfigRequestSchema, testCredentialsRequestSchema,
      createExceptionInputSchema, webhookInputSchema, webhookUpdateSchema, reportParamsSchema, reportScheduleInputSchema,
    };
    const unbounded = Object.entries(schemas).flatMap(([name, schema]) => unboundedStrings(schema, '', []).map((p) => `${name}${p}`));
    expect(unbounded).toEqual([]);
  });
});
