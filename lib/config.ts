/**
 * The only reader of process.env (docs/ARCHITECTURE.md). Every setting Rampart understands is here,
 * validated with zod, with its default. The README's configuration table mirrors this file.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ROLE_NAMES = ['admin', 'analyst', 'viewer'] as const;
type RoleName = (typeof ROLE_NAMES)[number];

/** `a=b,c=d` entries (trimmed, empty ones skipped) with each side checked. */
function entryList<T>(what: string, parse: (key: string, value: string) => T | string) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      const out: T[] = [];
      for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
        const eq = part.indexOf('=');
        const result = eq > 0 ? parse(part.slice(0, eq).trim(), part.slice(eq + 1).trim()) : `"${part}" is not ${what}`;
        if (typeof result === 'string') ctx.addIssue({ code: 'custom', message: result });
        else out.push(result);
      }
      return out;
    });
}
const isRoleName = (v: string): v is RoleName => (ROLE_NAMES as readonly string[]).includes(v);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** PostgreSQL URL. Unset: embedded PostgreSQL (PGlite) under RAMPART_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database and the generated secret key live (report files are in the database). */
  RAMPART_DATA_DIR: z.string().default('.rampart'),
  /** 32-byte key (base64 or 64 hex chars) encrypting stored cluster credentials. Unset: generated once into RAMPART_DATA_DIR/secret.key (0600). */
  RAMPART_SECRET_KEY: z.string().optional(),
  /** Previous key, accepted for decryption during `rampart rotate-key`. */
  RAMPART_SECRET_KEY_PREVIOUS: z.string().optional(),
  /** Public URL of the web UI (cookies, OIDC redirects). */
  /** Unset: http://localhost:$PORT. */
  RAMPART_BASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  HOSTNAME: z.string().default('0.0.0.0'),
  /** Secret signing session cookies (≥ 32 chars). Unset: derived with HKDF from the master key. */
  RAMPART_AUTH_SECRET: z.string().min(32).optional(),
  /** Idle sign-out: a session not used for this many hours expires. */
  RAMPART_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** First admin; when unset a random one-time password is printed on first start. */
  RAMPART_ADMIN_EMAIL: z.string().email().optional(),
  RAMPART_ADMIN_PASSWORD: z.string().min(12).optional(),
  /** OpenID Connect sign-in (all three required to enable it). */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_PROVIDER_NAME: z.string().default('Single sign-on'),
  /** Role given to users who first sign in through OIDC. */
  OIDC_DEFAULT_ROLE: z.enum(['admin', 'analyst', 'viewer']).default('viewer'),
  /** The claim (ID token or userinfo) listing the user's groups, for the two mappings below. */
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).max(100).default('groups'),
  /** Groups granting the fleet view with a role, `group=role,…` (e.g. `secops=analyst,platform=admin`); the highest match wins. Applied at each OIDC sign-in. */
  OIDC_GROUP_ROLES: entryList('group=role', (group, role) => (isRoleName(role) ? { group, role } : `"${group}=${role}": the role is admin, analyst or viewer`)),
  /**
   * Groups granting team membership, `group=Team name:role,…` (e.g. `payments-devs=Payments:analyst`); the team is
   * created when missing. Applied at each OIDC sign-in: memberships that came from groups follow them. A user in
   * none of the OIDC_GROUP_ROLES groups is limited to these teams (no fleet view).
   */
  OIDC_GROUP_TEAMS: entryList('group=Team:role', (group, rest) => {
    const colon = rest.lastIndexOf(':');
    const team = colon > 0 ? rest.slice(0, colon).trim() : '';
    const role = colon > 0 ? rest.slice(colon + 1).trim() : '';
    return team && isRoleName(role) ? { group, team, role } : `"${group}=${rest}": write group=Team name:role, the role admin, analyst or viewer`;
  }),
  /** Run scan workers inside `rampart serve`. */
  RAMPART_WORKER_IN_SERVE: bool.default(true),
  /** Timeout of each request to a cluster's API server while scanning (retried with backoff). */
  RAMPART_KUBE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
  /** The most a scan waits, in all, on an API server that does not answer (each timed-out request counts its timeout); then the scan fails and is not retried by the queue. */
  RAMPART_SCAN_STALL_SECONDS: z.coerce.number().positive().max(3600).default(120),
  /** Scans one worker process runs at once. */
  RAMPART_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** Behind a reverse proxy / load balancer that sets X-Forwarded-For/-Host/-Proto: trust them for client addresses (rate limits, audit) and for the origin check of state-changing requests. Otherwise `rampart serve` replaces X-Forwarded-For with the socket address and the origin check ignores X-Forwarded-Host/-Proto. */
  RAMPART_TRUST_PROXY: bool.default(false),
  /** Sign-in attempts allowed per IP per minute. */
  RAMPART_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** Bearer token Prometheus may use to scrape /metrics (besides any viewer+ API token). Unset: API tokens only. */
  RAMPART_METRICS_TOKEN: z.string().min(16).optional(),
  /** Generated reports (PDF files, stored in the database) are kept this many days, then deleted. */
  RAMPART_REPORT_RETENTION_DAYS: z.coerce.number().positive().default(7),
  /** PDF reports with more findings than this render as a background job instead of streaming from POST /api/reports/pdf. */
  RAMPART_REPORT_STREAM_MAX_FINDINGS: z.coerce.number().int().positive().default(500),
  /** PDF reports rendered at once by one process; each renders in its own child process, further reports wait (status queued). */
  RAMPART_REPORT_RENDER_CONCURRENCY: z.coerce.number().int().positive().default(1),
  /** Heap limit (MB, node --max-old-space-size) of a PDF renderer child process; a render that needs more fails that report, not the server. */
  RAMPART_REPORT_RENDER_MEMORY_MB: z.coerce.number().int().min(16).default(512),
  /** A PDF render still running after this many seconds is stopped and its report marked failed. */
  RAMPART_REPORT_RENDER_TIMEOUT_SECONDS: z.coerce.number().positive().default(600),
  /** Namespace label whose value names the namespace's owner (team): namespace scorecards and the findings owner filter. */
  RAMPART_NAMESPACE_OWNER_LABEL: z.string().trim().min(1).max(317).default('team'),
  /** Largest snapshot upload `rampart agent` may send (MB); larger ones are refused with 413. */
  RAMPART_AGENT_MAX_UPLOAD_MB: z.coerce.number().positive().max(4096).default(100),
  /** E-mail notifications (digests, alerts, reminders), sent by the worker. Unset: no e-mail. */
  RAMPART_SMTP_HOST: z.string().trim().min(1).optional(),
  /** Default 587 (STARTTLS); 465 with RAMPART_SMTP_SECURITY=tls. */
  RAMPART_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** `starttls` (default: the connection must be upgraded with STARTTLS), `tls` (TLS from the first byte, usually port 465) or `none` (plain text: a relay on the same host or a test server only). */
  RAMPART_SMTP_SECURITY: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  /** SMTP login (optional); the password is read from the environment only, never stored or logged. */
  RAMPART_SMTP_USER: z.string().optional(),
  RAMPART_SMTP_PASSWORD: z.string().optional(),
  /** Sender of every e-mail, e.g. "Rampart <rampart@example.com>". */
  RAMPART_SMTP_FROM: z.string().trim().min(3).default('Rampart <rampart@localhost>'),
  /** When the weekly digest goes out (cron, in RAMPART_DIGEST_TIMEZONE). Default: Mondays 08:00. */
  RAMPART_DIGEST_CRON: z.string().trim().min(9).default('0 8 * * 1'),
  RAMPART_DIGEST_TIMEZONE: z.string().trim().min(1).default('UTC'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Base URL of the PostgreSQL server integration tests create throwaway databases on. */
  TEST_DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/postgres'),
  /** Set by CI systems (any value but "false"/"0"): tests needing an external tool such as kubectl fail instead of skipping. */
  CI: z.string().optional(),
  /** Any value turns off colours in terminal output (no-color.org). */
  NO_COLOR: z.string().optional().transform((v) => v !== undefined),
  /** kubectl binary the kube-sim tests run (default: `kubectl` on PATH). */
  RAMPART_TEST_KUBECTL: z.string().default('kubectl'),
});

export type Config = Omit<z.infer<typeof schema>, 'RAMPART_BASE_URL'> & { RAMPART_BASE_URL: string; dataDir: string };

let cached: Config | undefined;

/** Parses the environment once; throws a readable error naming each invalid variable. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env === process.env && cached) return cached;
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = {
    ...parsed.data,
    RAMPART_BASE_URL: parsed.data.RAMPART_BASE_URL ?? `http://localhost:${parsed.data.PORT}`,
    dataDir: path.resolve(parsed.data.RAMPART_DATA_DIR),
  };
  if (env === process.env) cached = config;
  return config;
}

/** For tests that change the environment. */
export function resetConfigForTests(): void {
  cached = undefined;
}
