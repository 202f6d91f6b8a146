/** Shared set-up of the compliance tests: a database with users, API tokens and one scanned cluster. */
import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Env {
  t: TestDatabase;
  tokens: Record<Role, string>;
  clusterId: string;
  restore: () => Promise<void>;
}

export function result(checkId: string, section: EvaluatedResult['section'], name: string, status: 'pass' | 'fail'): EvaluatedResult {
  return {
    status,
    checkId,
    section,
    severity: 'high',
    title: checkId,
    guideRef: '5.5',
    remediation: { steps: ['fix'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
    message: `${name}: ${checkId} ${status}`,
    fingerprint: `fp-${checkId}-${name}`,
  };
}

export async function scanCluster(t: TestDatabase, clusterId: string, results: EvaluatedResult[], finishedAt: Date, coverageGaps: Array<{ resource: string; reason: 'forbidden'; message: string }> = []): Promise<string> {
  const scan = await t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running', kubernetesVersion: 'v1.31.2' } });
  await persistScan(t.db, { clusterId, scanId: scan.id, startedAt: new Date(finishedAt.getTime() - 5_000), finishedAt, objectCounts: {}, coverageGaps, results, engineErrors: [], exceptions: [] });
  return scan.id;
}

export async function setUp(): Promise<Env> {
  const saved = { url: process.env.DATABASE_URL, key: process.env.RAMPART_SECRET_KEY };
  const t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.RAMPART_SECRET_KEY = randomBytes(32).toString('base64');
  resetConfigForTests();
  resetSecretKeysForTests();
  useAuthDatabaseForTests(t.db);
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    const u = await t.db.user.create({ data: { name: `${role} user`, email: `${role}@example.com`, role } });
    tokens[role] = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role }, { name: 'test' })).token;
  }
  const cluster = await t.db.cluster.create({ data: { name: 'prod-eu', authType: 'token', apiServerUrl: 'https://k8s.example', serverVersion: 'v1.31.2' } });
  return {
    t,
    tokens,
    clusterId: cluster.id,
    restore: async () => {
      useAuthDatabaseForTests(undefined);
      await closeDb();
      await t.drop();
      for (const [k, env] of [['url', 'DATABASE_URL'], ['key', 'RAMPART_SECRET_KEY']] as const) {
        if (saved[k] === undefined) delete process.env[env];
        else process.env[env] = saved[k];
      }
      resetConfigForTests();
      resetSecretKeysForTests();
    },
  };
}

export async function call(env: Env, handler: unknown, auth: Role | null, method: string, path: string, params: Record<string, string> = {}, body?: unknown) {
  const headers = new Headers();
  if (auth) headers.set('authorization', `Bearer ${env.tokens[auth]}`);
  if (body !== undefined) headers.set('content-type', 'application/json');
  const req = new NextRequest(`http://localhost:3000${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await (handler as Handler)(req, { params: Promise.resolve(params) });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  let json: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper reads arbitrary JSON
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // not JSON (PDF)
  }
  return { status: res.status, text, json, headers: res.headers, buf };
}
