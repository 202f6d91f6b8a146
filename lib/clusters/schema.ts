/**
 * Input validation for the cluster registry (zod). Pure: safe to import from client components,
 * so the form validates with exactly the rules the server applies.
 */
import { Cron } from 'croner';
import { z } from 'zod';

export const CLUSTER_ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export type ClusterEnvironment = (typeof CLUSTER_ENVIRONMENTS)[number];

export const CLUSTER_AUTH_TYPES = ['kubeconfig', 'token', 'in_cluster', 'agent'] as const;
export type ClusterAuthType = (typeof CLUSTER_AUTH_TYPES)[number];

export const DEFAULT_SCAN_SCHEDULE = '0 3 * * *';
export const DEFAULT_SCHEDULE_TIMEZONE = 'UTC';
export const MAX_LABELS = 32;
export const MAX_KUBECONFIG_CHARS = 1024 * 1024;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const clusterNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is required.')
  .max(63, 'Name must be at most 63 characters.')
  .regex(DNS_LABEL, 'Name must be lowercase letters, digits and "-", starting and ending with a letter or digit (like a DNS label), e.g. "prod-eu-1".');

/** Why a label key is invalid (Kubernetes rules: optional DNS-subdomain prefix + "/" + name), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `Label key "${key}": the prefix before "/" must be a DNS subdomain such as "example.com".`;
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return `Label key "${key}" must be 1–63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`;
  }
  return undefined;
}

/** Why a label value is invalid, or undefined. */
export function labelValueProblem(key: string, value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return `Label "${key}": the value must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`;
  }
  return undefined;
}

export const labelsSchema = z
  // Bounds of a Kubernetes label: 253-character prefix + "/" + 63-character name; 63-character value.
  .record(z.string().max(317, 'A label key has at most 317 characters.'), z.string().max(63, 'A label value has at most 63 characters.'))
  .superRefine((labels, ctx) => {
    const keys = Object.keys(labels);
    if (keys.length > MAX_LABELS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_LABELS} labels.` });
    for (const key of keys) {
      const problem = labelKeyProblem(key) ?? labelValueProblem(key, labels[key]);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
    }
  });

export function timezoneProblem(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `"${tz}" is not a time zone; use an IANA name such as "UTC" or "Europe/Berlin".`;
  }
}

/** Why a cron expression is invalid (checked with croner, as the scheduler runs it), or undefined. */
export function cronProblem(expr: string, timezone = DEFAULT_SCHEDULE_TIMEZONE): string | undefined {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `The schedule "${expr}" must have 5 fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *" for 03:00 every day.`;
  }
  try {
    const job = new Cron(expr, { paused: true, timezone });
    const next = job.nextRun();
    job.stop();
    if (!next) return `The schedule "${expr}" never runs.`;
    return undefined;
  } catch (err) {
    return `The schedule "${expr}" is not a valid cron expression${err instanceof Error ? ` (${err.message})` : ''}.`;
  }
}

/** The next run of a schedule, or null. */
export function nextScheduledRun(expr: string, timezone: string, from: Date = new Date()): Date | null {
  try {
    const job = new Cron(expr, { paused: true, timezone });
    const next = job.nextRun(from);
    job.stop();
    return next ?? null;
  } catch {
    return null;
  }
}

export const environmentSchema = z.enum(CLUSTER_ENVIRONMENTS, { error: 'Environment must be production, staging or development.' });

const timezoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .superRefine((tz, ctx) => {
    const problem = timezoneProblem(tz);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const scheduleSchema = z.string().trim().min(1, 'Schedule is required.').max(120);

/** Credentials as submitted (plaintext; only ever held in memory, then encrypted). */
export const credentialsInputSchema = z.discriminatedUnion('authType', [
  z.object({
    authType: z.literal('kubeconfig'),
    kubeconfig: z.string().min(1, 'Upload or paste a kubeconfig.').max(MAX_KUBECONFIG_CHARS, 'The kubeconfig is larger than 1 MiB.'),
    /** Context to use; default: the kubeconfig's current-context. */
    context: z.string().trim().max(253).optional(),
  }),
  z.object({
    authType: z.literal('token'),
    server: z.string().trim().min(1, 'The API server URL is required.').max(2048),
    token: z.string().min(1, 'The bearer token is required.').max(16 * 1024),
    caPem: z.string().max(256 * 1024).optional(),
    tlsServerName: z.string().trim().max(253).optional(),
  }),
  z.object({ authType: z.literal('in_cluster') }),
  /** `rampart agent` inside the cluster pushes snapshots with an enrolment token; Rampart never connects. */
  z.object({ authType: z.literal('agent') }),
]);
export type CredentialsInput = z.infer<typeof credentialsInputSchema>;

const clusterFields = {
  name: clusterNameSchema,
  description: z.string().trim().max(500).optional(),
  environment: environmentSchema,
  labels: labelsSchema.default({}),
  scanSchedule: scheduleSchema.default(DEFAULT_SCAN_SCHEDULE),
  scheduleTimezone: timezoneSchema.default(DEFAULT_SCHEDULE_TIMEZONE),
  enabled: z.boolean().default(true),
  /** An admin accepts that this cluster's kubeconfig turns off TLS verification (insecure-skip-tls-verify). */
  allowInsecureTls: z.boolean().optional(),
};

function refineSchedule(v: { scanSchedule?: string; scheduleTimezone?: string }, ctx: z.RefinementCtx): void {
  if (v.scanSchedule === undefined) return;
  const problem = cronProblem(v.scanSchedule, v.scheduleTimezone && !timezoneProblem(v.scheduleTimezone) ? v.scheduleTimezone : DEFAULT_SCHEDULE_TIMEZONE);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['scanSchedule'] });
}

export const registerClusterSchema = z
  .object({ ...clusterFields, credentials: credentialsInputSchema })
  .strict()
  .superRefine(refineSchedule);
export type RegisterClusterInput = z.input<typeof registerClusterSchema>;

export const updateClusterSchema = z
  .object({
    name: clusterNameSchema.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    environment: environmentSchema.optional(),
    labels: labelsSchema.optional(),
    scanSchedule: scheduleSchema.optional(),
    scheduleTimezone: timezoneSchema.optional(),
    enabled: z.boolean().optional(),
    /** Watch mode: a worker watches the API server and re-evaluates within seconds of a change (scheduled scans stay). */
    watchMode: z.boolean().optional(),
    /** Confirm (true) or withdraw (false) that this cluster's kubeconfig may turn off TLS verification. */
    allowInsecureTls: z.boolean().optional(),
    /** Replaces the stored credentials when present. */
    credentials: credentialsInputSchema.optional(),
  })
  .strict()
  .superRefine(refineSchedule);
export type UpdateClusterInput = z.input<typeof updateClusterSchema>;

export const parseKubeconfigRequestSchema = z.object({
  kubeconfig: z.string().min(1, 'Upload or paste a kubeconfig.').max(MAX_KUBECONFIG_CHARS, 'The kubeconfig is larger than 1 MiB.'),
});

export const testCredentialsRequestSchema = z.object({ credentials: credentialsInputSchema, allowInsecureTls: z.boolean().optional() });
