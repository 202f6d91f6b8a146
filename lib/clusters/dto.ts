/**
 * What the API and the UI see of a cluster. Built field by field from the row — never by
 * spreading it — so the encrypted `credentials` column (and anything added to the table later)
 * cannot leak to a browser by accident.
 */
import type { ClusterAuthType, ClusterEnvironment } from './schema';
import { nextScheduledRun } from './schema';

export interface ClusterDto {
  id: string;
  name: string;
  description: string | null;
  environment: ClusterEnvironment;
  labels: Record<string, string>;
  authType: ClusterAuthType;
  /** API server URL (null for in-cluster registrations). */
  apiServerUrl: string | null;
  /** Kubeconfig context the credentials came from (kubeconfig registrations). */
  contextName: string | null;
  scanSchedule: string;
  scheduleTimezone: string;
  /** ISO time of the next scheduled scan; null when disabled. */
  nextScanAt: string | null;
  enabled: boolean;
  /** Watch mode is on: a worker re-evaluates after object changes, between scheduled scans. */
  watchMode: boolean;
  /** An admin allowed this cluster's kubeconfig to turn off TLS verification: shown as a warning. */
  insecureTlsAllowed: boolean;
  /** Result of the last connection test; null when never tested. */
  lastConnection: { at: string; ok: boolean; message: string | null } | null;
  serverVersion: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The columns toClusterDto reads (a Prisma Cluster row satisfies it). */
export interface ClusterRowForDto {
  id: string;
  name: string;
  description: string | null;
  environment: ClusterEnvironment;
  labels: unknown;
  authType: ClusterAuthType;
  apiServerUrl: string | null;
  contextName: string | null;
  scanSchedule: string;
  scheduleTimezone: string;
  enabled: boolean;
  watchMode: boolean;
  insecureTlsAllowed: boolean;
  lastConnectionAt: Date | null;
  lastConnectionOk: boolean | null;
  lastConnectionMessage: string | null;
  serverVersion: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function toClusterDto(row: ClusterRowForDto, now: Date = new Date()): ClusterDto {
  const next = row.enabled ? nextScheduledRun(row.scanSchedule, row.scheduleTimezone, now) : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    environment: row.environment,
    labels: stringMap(row.labels),
    authType: row.authType,
    apiServerUrl: row.apiServerUrl,
    contextName: row.contextName,
    scanSchedule: row.scanSchedule,
    scheduleTimezone: row.scheduleTimezone,
    nextScanAt: next ? next.toISOString() : null,
    enabled: row.enabled,
    watchMode: row.watchMode,
    insecureTlsAllowed: row.insecureTlsAllowed,
    lastConnection:
      row.lastConnectionAt && row.lastConnectionOk !== null
        ? { at: row.lastConnectionAt.toISOString(), ok: row.lastConnectionOk, message: row.lastConnectionMessage }
        : null,
    serverVersion: row.serverVersion,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
