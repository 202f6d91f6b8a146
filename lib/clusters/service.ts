/**
 * The cluster registry: register, update, enable/disable, delete, list, read, and record
 * connection tests. Credentials are validated (lib/k8s/connection), minimised, then encrypted
 * with lib/crypto/secret-box into the single `credentials` column; they are decrypted only to
 * build a KubeConfig and never leave this module except through `getClusterCredentials`
 * (for the scanner). Every change writes an audit event in the same transaction.
 */
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '@/lib/auth/audit';
import type { SessionUser } from '@/lib/auth/types';
import { DecryptionError, blobKeyId, decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import {
  credentialsFromKubeconfig,
  credentialsFromToken,
  insecureTlsError,
  KubeconfigError,
  kubeConfigFromCredentials,
  parseKubeconfig,
  skipsTlsVerification,
  testCredentials,
  type ClusterCredentials,
  type ConnectionTestResult,
  type KubeConfigBuildOptions,
  type TestConnectionOptions,
} from '@/lib/k8s/connection';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterError, clusterNotFound } from './errors';
import { toClusterDto, type ClusterDto } from './dto';
import {
  credentialsInputSchema,
  registerClusterSchema,
  updateClusterSchema,
  type CredentialsInput,
} from './schema';

type Db = PrismaClient;

export interface ActionContext {
  actor: SessionUser | null;
  ip?: string | null;
}

/** Every column except `credentials`/`credentialsKeyId`: what reads for display select. */
const DTO_SELECT = {
  id: true,
  name: true,
  description: true,
  environment: true,
  labels: true,
  authType: true,
  apiServerUrl: true,
  contextName: true,
  scanSchedule: true,
  scheduleTimezone: true,
  enabled: true,
  watchMode: true,
  insecureTlsAllowed: true,
  lastConnectionAt: true,
  lastConnectionOk: true,
  lastConnectionMessage: true,
  serverVersion: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ClusterSelect;

interface SealedCredentials {
  authType: ClusterCredentials['authType'];
  credentials: string | null;
  credentialsKeyId: string | null;
  apiServerUrl: string | null;
  contextName: string | null;
}

/** Validates submitted credentials into the form that is stored; throws ClusterError (400). */
export function buildCredentials(input: CredentialsInput): { credentials: ClusterCredentials; apiServerUrl: string | null; contextName: string | null } {
  try {
    switch (input.authType) {
      case 'kubeconfig': {
        const { credentials, context } = credentialsFromKubeconfig(input.kubeconfig, input.context || undefined);
        return { credentials, apiServerUrl: context.server, contextName: credentials.context };
      }
      case 'token': {
        const credentials = credentialsFromToken(input);
        return { credentials, apiServerUrl: credentials.server, contextName: null };
      }
      case 'in_cluster':
        return { credentials: { authType: 'in_cluster' }, apiServerUrl: null, contextName: null };
      case 'agent':
        return { credentials: { authType: 'agent' }, apiServerUrl: null, contextName: null };
    }
  } catch (err) {
    if (err instanceof KubeconfigError) throw new ClusterError(400, 'invalid-credentials', err.message, err.code);
    throw err;
  }
}

/**
 * Refuses credentials that turn off TLS verification unless an admin confirmed it for this
 * cluster (`allowInsecureTls`); returns whether they do.
 */
function checkInsecureTls(credentials: ClusterCredentials, allowInsecureTls: boolean | undefined): boolean {
  const insecure = skipsTlsVerification(credentials);
  if (insecure && !allowInsecureTls) {
    const err = insecureTlsError(credentials.authType === 'kubeconfig' ? credentials.context : 'cluster');
    throw new ClusterError(400, 'invalid-credentials', err.message, err.code);
  }
  return insecure;
}

/** The audit event of a change to the insecure-TLS confirmation. */
async function auditInsecureTls(tx: Prisma.TransactionClient, ctx: ActionContext, cluster: { id: string; name: string }, allowed: boolean): Promise<void> {
  await recordAudit(tx, {
    actor: ctx.actor,
    ip: ctx.ip,
    action: allowed ? 'cluster.insecure_tls_allowed' : 'cluster.insecure_tls_withdrawn',
    targetType: 'cluster',
    targetId: cluster.id,
    details: { name: cluster.name },
  });
}

function seal(input: CredentialsInput, allowInsecureTls: boolean | undefined): { sealed: SealedCredentials; insecureTls: boolean } {
  const { credentials, apiServerUrl, contextName } = buildCredentials(input);
  const insecureTls = checkInsecureTls(credentials, allowInsecureTls);
  if (credentials.authType === 'in_cluster' || credentials.authType === 'agent') {
    return { sealed: { authType: credentials.authType, credentials: null, credentialsKeyId: null, apiServerUrl, contextName }, insecureTls };
  }
  const blob = encryptSecret(JSON.stringify(credentials));
  return { sealed: { authType: credentials.authType, credentials: blob, credentialsKeyId: blobKeyId(blob), apiServerUrl, contextName }, insecureTls };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

function nameTaken(name: string): ClusterError {
  return new ClusterError(409, 'name-taken', `A cluster named "${name}" is already registered; choose another name.`);
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
    throw new ClusterError(400, 'invalid-input', message);
  }
  return parsed.data;
}

export async function registerCluster(db: Db, rawInput: unknown, ctx: ActionContext): Promise<ClusterDto> {
  const input = parseOrThrow(registerClusterSchema, rawInput);
  // Validate and seal before touching the database: a bad kubeconfig stores nothing.
  const { sealed, insecureTls } = seal(input.credentials, input.allowInsecureTls);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.cluster.create({
        data: {
          insecureTlsAllowed: insecureTls,
          name: input.name,
          description: input.description || null,
          environment: input.environment,
          labels: input.labels,
          scanSchedule: input.scanSchedule,
          scheduleTimezone: input.scheduleTimezone,
          enabled: input.enabled,
          createdById: ctx.actor?.id ?? null,
          ...sealed,
        },
        select: DTO_SELECT,
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        ip: ctx.ip,
        action: 'cluster.created',
        targetType: 'cluster',
        targetId: created.id,
        details: { name: created.name, environment: created.environment, authType: created.authType, apiServerUrl: created.apiServerUrl, contextName: created.contextName },
      });
      if (insecureTls) await auditInsecureTls(tx, ctx, created, true);
      return created;
    });
    return toClusterDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

export async function updateCluster(db: Db, id: string, rawInput: unknown, ctx: ActionContext): Promise<ClusterDto> {
  const input = parseOrThrow(updateClusterSchema, rawInput);
  const current = await db.cluster.findUnique({ where: { id }, select: { insecureTlsAllowed: true } });
  if (!current) throw clusterNotFound(id);
  const allowInsecureTls = input.allowInsecureTls ?? current.insecureTlsAllowed;
  const replaced = input.credentials ? seal(input.credentials, allowInsecureTls) : undefined;
  const sealed = replaced?.sealed;
  // The confirmation only means something for credentials that skip verification.
  const insecureTlsAllowed = replaced
    ? replaced.insecureTls
    : input.allowInsecureTls !== undefined
      ? input.allowInsecureTls && skipsTlsVerification(await getClusterCredentials(db, id))
      : undefined;
  try {
    const row = await db.$transaction(async (tx) => {
      const before = await tx.cluster.findUnique({ where: { id }, select: DTO_SELECT });
      if (!before) throw clusterNotFound(id);
      const data: Prisma.ClusterUpdateInput = {};
      const changed: string[] = [];
      const description = input.description === undefined ? undefined : input.description || null;
      // Watch mode needs an API server Rampart reaches; an agent cluster's agent pushes instead.
      const agent = (sealed?.authType ?? before.authType) === 'agent';
      if (agent && input.watchMode) throw new ClusterError(400, 'invalid-input', 'Watch mode needs an API server Rampart can reach: an agent cluster is scanned each time its agent uploads.');
      const watchMode = agent && before.watchMode ? false : input.watchMode;
      const fields = {
        name: [input.name, before.name],
        description: [description, before.description],
        environment: [input.environment, before.environment],
        labels: [input.labels, before.labels],
        scanSchedule: [input.scanSchedule, before.scanSchedule],
        scheduleTimezone: [input.scheduleTimezone, before.scheduleTimezone],
        enabled: [input.enabled, before.enabled],
        watchMode: [watchMode, before.watchMode],
      } as const;
      for (const [field, [next, prev]] of Object.entries(fields)) {
        if (next === undefined || JSON.stringify(next) === JSON.stringify(prev)) continue;
        Object.assign(data, { [field]: next });
        changed.push(field);
      }
      if (sealed) {
        Object.assign(data, sealed, { lastConnectionAt: null, lastConnectionOk: null, lastConnectionMessage: null, serverVersion: null });
        changed.push('authentication');
      }
      const tlsChanged = insecureTlsAllowed !== undefined && insecureTlsAllowed !== before.insecureTlsAllowed;
      if (tlsChanged) {
        data.insecureTlsAllowed = insecureTlsAllowed;
        changed.push('insecureTlsAllowed');
      }
      if (changed.length === 0) return before;
      const updated = await tx.cluster.update({ where: { id }, data, select: DTO_SELECT });
      if (tlsChanged) await auditInsecureTls(tx, ctx, updated, insecureTlsAllowed);
      await recordAudit(tx, {
        actor: ctx.actor,
        ip: ctx.ip,
        action: 'cluster.updated',
        targetType: 'cluster',
        targetId: id,
        details: {
          name: updated.name,
          changed,
          ...(input.enabled !== undefined && changed.includes('enabled') ? { enabled: input.enabled } : {}),
          ...(watchMode !== undefined && changed.includes('watchMode') ? { watchMode } : {}),
          ...(sealed ? { authType: sealed.authType, apiServerUrl: sealed.apiServerUrl } : {}),
        },
      });
      return updated;
    });
    return toClusterDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name ?? '');
    throw err;
  }
}

export function setClusterEnabled(db: Db, id: string, enabled: boolean, ctx: ActionContext): Promise<ClusterDto> {
  return updateCluster(db, id, { enabled }, ctx);
}

export async function deleteCluster(db: Db, id: string, ctx: ActionContext): Promise<{ id: string; name: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.cluster.findUnique({ where: { id }, select: { id: true, name: true, environment: true, apiServerUrl: true } });
    if (!row) throw clusterNotFound(id);
    await tx.cluster.delete({ where: { id } });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'cluster.deleted',
      targetType: 'cluster',
      targetId: id,
      details: { name: row.name, environment: row.environment, apiServerUrl: row.apiServerUrl },
    });
    return { id: row.id, name: row.name };
  });
}

/** Every registered cluster, or those matching `where` (a team-scoped caller's: lib/teams/scope.ts clustersVisibleWhere). */
export async function listClusters(db: Db, where: Prisma.ClusterWhereInput = {}): Promise<ClusterDto[]> {
  const rows = await db.cluster.findMany({ where, select: DTO_SELECT, orderBy: [{ name: 'asc' }] });
  const now = new Date();
  return rows.map((r) => toClusterDto(r, now));
}

export async function getCluster(db: Db, id: string): Promise<ClusterDto | null> {
  const row = await db.cluster.findUnique({ where: { id }, select: DTO_SELECT });
  return row ? toClusterDto(row) : null;
}

/** Decrypts a cluster's credentials (for the scanner and connection tests only; never to a browser). */
export async function getClusterCredentials(db: Db, id: string): Promise<ClusterCredentials> {
  const row = await db.cluster.findUnique({ where: { id }, select: { authType: true, credentials: true } });
  if (!row) throw clusterNotFound(id);
  if (row.authType === 'in_cluster' || row.authType === 'agent') return { authType: row.authType };
  if (!row.credentials) throw new ClusterError(500, 'undecryptable', 'This cluster has no stored credentials; edit it and provide them again.');
  try {
    const creds = JSON.parse(decryptSecret(row.credentials)) as ClusterCredentials;
    if (creds.authType !== row.authType) throw new DecryptionError('Stored credentials do not match the cluster authentication type.');
    return creds;
  } catch (err) {
    if (err instanceof DecryptionError) throw new ClusterError(500, 'undecryptable', `${err.message}`);
    throw err;
  }
}

function summarise(result: ConnectionTestResult): string {
  return result.ok ? `Connected: Kubernetes ${result.version}${result.platform ? ` (${result.platform})` : ''}.` : result.message;
}

/** Stores a connection test's outcome on the cluster and audits it. */
export async function recordConnectionResult(db: Db, id: string, result: ConnectionTestResult, ctx: ActionContext, at: Date = new Date()): Promise<ClusterDto> {
  return db.$transaction(async (tx) => {
    const exists = await tx.cluster.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw clusterNotFound(id);
    const row = await tx.cluster.update({
      where: { id },
      data: {
        lastConnectionAt: at,
        lastConnectionOk: result.ok,
        lastConnectionMessage: summarise(result),
        ...(result.ok ? { serverVersion: result.version } : {}),
      },
      select: DTO_SELECT,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'cluster.connection-tested',
      targetType: 'cluster',
      targetId: id,
      details: { name: row.name, ok: result.ok, ...(result.ok ? { version: result.version } : { code: result.code }) },
    });
    return toClusterDto(row);
  });
}

export type ClusterTestOptions = TestConnectionOptions & KubeConfigBuildOptions;

async function clusterAllowsInsecureTls(db: Db, id: string): Promise<boolean> {
  const row = await db.cluster.findUnique({ where: { id }, select: { insecureTlsAllowed: true } });
  if (!row) throw clusterNotFound(id);
  return row.insecureTlsAllowed;
}

/** The KubeConfig the scanner uses for a registered cluster (TLS verification off only where an admin allowed it). */
export async function clusterKubeConfig(db: Db, id: string, opts: KubeConfigBuildOptions = {}): Promise<KubeConfig> {
  const creds = await getClusterCredentials(db, id);
  return kubeConfigFromCredentials(creds, { ...opts, allowInsecureTls: await clusterAllowsInsecureTls(db, id) });
}

/** Tests a registered cluster's stored credentials and records the result. */
export async function testClusterConnection(db: Db, id: string, ctx: ActionContext, opts: ClusterTestOptions = {}): Promise<{ result: ConnectionTestResult; cluster: ClusterDto }> {
  const creds = await getClusterCredentials(db, id);
  const result = await testCredentials(creds, { ...opts, allowInsecureTls: await clusterAllowsInsecureTls(db, id) });
  const cluster = await recordConnectionResult(db, id, result, ctx);
  return { result, cluster };
}

/** Tests credentials before they are saved; stores nothing. Invalid credentials throw ClusterError (400). */
export async function testUnsavedCredentials(rawCredentials: unknown, opts: ClusterTestOptions = {}): Promise<ConnectionTestResult> {
  const input = parseOrThrow(credentialsInputSchema, rawCredentials);
  const { credentials } = buildCredentials(input);
  return testCredentials(credentials, opts);
}

/** The contexts of a kubeconfig for the picker: names, servers, auth kinds and problems; stores nothing. */
export function describeKubeconfigContexts(text: string): {
  contexts: Array<{
    name: string;
    server: string;
    cluster: string;
    user: string;
    namespace?: string;
    authKind: string;
    /** The kubeconfig turns off certificate verification for this cluster (accepted, but the UI warns). */
    insecureSkipTlsVerify: boolean;
    usable: boolean;
    problem?: string;
  }>;
  currentContext?: string;
} {
  try {
    const parsed = parseKubeconfig(text);
    return {
      contexts: parsed.contexts.map((c) => ({
        name: c.name,
        server: c.server,
        cluster: c.cluster,
        user: c.user,
        ...(c.namespace ? { namespace: c.namespace } : {}),
        authKind: c.authKind,
        insecureSkipTlsVerify: c.insecureSkipTlsVerify,
        usable: !c.problem,
        ...(c.problem ? { problem: c.problem.message } : {}),
      })),
      ...(parsed.currentContext ? { currentContext: parsed.currentContext } : {}),
    };
  } catch (err) {
    if (err instanceof KubeconfigError) throw new ClusterError(400, 'invalid-credentials', err.message, err.code);
    throw err;
  }
}
