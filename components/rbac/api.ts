'use client';

/** React Query hooks for the RBAC explorer API (/api/clusters/[id]/rbac/*). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import type { AttackPathOverlay, EscalationRoute, GraphView, RbacChanges, RbacSummary, RiskySubjectRow, SubjectView, WhoCanView } from '@/lib/rbac/explorer';
import type { RbacScanInfo } from '@/lib/dashboard/rbac/load';

export type { RbacScanInfo };

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/rbac`;

function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function rbacUrl(clusterId: string, path: string, params: Record<string, string | number | boolean | undefined | null> = {}): string {
  return `${base(clusterId)}${path}${qs(params)}`;
}

export function useRbacOverview(clusterId: string, scan: string | undefined) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'overview', scan ?? null],
    queryFn: () => apiFetch<{ scan: RbacScanInfo; scans: RbacScanInfo[]; summary: RbacSummary }>(rbacUrl(clusterId, '', { scan })),
    retry: false,
  });
}

export interface GraphParams {
  scan?: string;
  focus?: string;
  hops: number;
  /** Without focus: how many of the riskiest subjects to start from (the API defaults to a few). */
  top?: number;
  namespace?: string;
  subjectKind?: string;
  risk?: string;
  includeSystem: boolean;
}

export function useRbacGraph(clusterId: string, params: GraphParams) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'graph', params],
    queryFn: async () => (await apiFetch<{ graph: GraphView }>(rbacUrl(clusterId, '/graph', { ...params }))).graph,
    placeholderData: keepPreviousData,
  });
}

/** A ranked workload's attack path on the graph (the response of ?path=<id>). */
export interface AttackPathOnGraph extends AttackPathOverlay {
  workloadRiskId: string;
  workload: { kind: string; namespace?: string; name: string };
  /** Finding id and status by fingerprint, for the hops' links. */
  findings: Record<string, { id: string; status: 'open' | 'resolved' }>;
}

export function useRbacAttackPath(clusterId: string, pathId: string) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'attack-path', pathId],
    queryFn: () => apiFetch<{ graph: GraphView; path: AttackPathOnGraph }>(rbacUrl(clusterId, '/graph', { path: pathId })),
    retry: false,
  });
}

export interface SearchMatch {
  id: string;
  label: string;
  kind: string;
  type: string;
}

export function useRbacSearch(clusterId: string, scan: string | undefined, search: string, includeSystem: boolean) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'search', scan ?? null, search, includeSystem],
    enabled: search.trim().length > 0,
    queryFn: async () => (await apiFetch<{ matches: SearchMatch[] }>(rbacUrl(clusterId, '/graph', { scan, search, includeSystem }))).matches,
    placeholderData: keepPreviousData,
  });
}

export function useRbacSubject(clusterId: string, scan: string | undefined, key: string | null) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'subject', scan ?? null, key],
    enabled: key !== null,
    queryFn: () => apiFetch<{ subject: SubjectView; escalations: EscalationRoute[] }>(rbacUrl(clusterId, `/subjects/${encodeURIComponent(key!)}`, { scan })),
  });
}

export interface WhoCanParams {
  verb: string;
  resource: string;
  namespace?: string;
}

export function useRbacWhoCan(clusterId: string, scan: string | undefined, params: WhoCanParams | null) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'who-can', scan ?? null, params],
    enabled: params !== null,
    queryFn: async () => (await apiFetch<{ whoCan: WhoCanView }>(rbacUrl(clusterId, '/who-can', { scan, ...params! }))).whoCan,
  });
}

export function useRbacRisky(clusterId: string, scan: string | undefined, includeSystem: boolean) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'risky', scan ?? null, includeSystem],
    queryFn: async () => (await apiFetch<{ subjects: RiskySubjectRow[] }>(rbacUrl(clusterId, '/risky', { scan, includeSystem }))).subjects,
  });
}

export function useRbacEscalations(clusterId: string, scan: string | undefined, includeSystem: boolean) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'escalations', scan ?? null, includeSystem],
    queryFn: async () => (await apiFetch<{ routes: EscalationRoute[] }>(rbacUrl(clusterId, '/escalations', { scan, includeSystem }))).routes,
  });
}

export function useRbacChanges(clusterId: string, from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: ['rbac', clusterId, 'changes', from ?? null, to ?? null],
    enabled: Boolean(from),
    queryFn: () => apiFetch<{ from: RbacScanInfo; to: RbacScanInfo; changes: RbacChanges }>(rbacUrl(clusterId, '/changes', { from, to })),
  });
}
