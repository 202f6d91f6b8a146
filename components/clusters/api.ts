'use client';

/** React Query hooks for the cluster registry API (/api/clusters). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import type { ClusterDto } from '@/lib/clusters/dto';
import type { CredentialsInput, RegisterClusterInput, UpdateClusterInput } from '@/lib/clusters/schema';
import type { ConnectionTestResult } from '@/lib/k8s/connection';

export type { ClusterDto, ConnectionTestResult };

export interface KubeconfigContextOption {
  name: string;
  server: string;
  cluster: string;
  user: string;
  namespace?: string;
  authKind: string;
  insecureSkipTlsVerify: boolean;
  usable: boolean;
  problem?: string;
}

export const clusterKeys = {
  all: ['clusters'] as const,
  list: () => [...clusterKeys.all, 'list'] as const,
  detail: (id: string) => [...clusterKeys.all, 'detail', id] as const,
};

export function useClusters() {
  return useQuery({
    queryKey: clusterKeys.list(),
    queryFn: async () => (await apiFetch<{ clusters: ClusterDto[] }>('/api/clusters')).clusters,
  });
}

export function useCluster(id: string) {
  return useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: async () => (await apiFetch<{ cluster: ClusterDto }>(`/api/clusters/${encodeURIComponent(id)}`)).cluster,
  });
}

function useInvalidateClusters() {
  const qc = useQueryClient();
  return (cluster?: ClusterDto) => {
    if (cluster) qc.setQueryData(clusterKeys.detail(cluster.id), cluster);
    return qc.invalidateQueries({ queryKey: clusterKeys.list() });
  };
}

export function useRegisterCluster() {
  const invalidate = useInvalidateClusters();
  return useMutation({
    mutationFn: async (input: RegisterClusterInput) => (await apiFetch<{ cluster: ClusterDto }>('/api/clusters', { method: 'POST', body: input })).cluster,
    onSuccess: (cluster) => invalidate(cluster),
  });
}

export function useUpdateCluster(id: string) {
  const invalidate = useInvalidateClusters();
  return useMutation({
    mutationFn: async (input: UpdateClusterInput) =>
      (await apiFetch<{ cluster: ClusterDto }>(`/api/clusters/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })).cluster,
    onSuccess: (cluster) => invalidate(cluster),
  });
}

export function useDeleteCluster() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await apiFetch<{ deleted: { id: string; name: string } }>(`/api/clusters/${encodeURIComponent(id)}`, { method: 'DELETE' })).deleted,
    onSuccess: (deleted) => {
      qc.removeQueries({ queryKey: clusterKeys.detail(deleted.id) });
      return qc.invalidateQueries({ queryKey: clusterKeys.list() });
    },
  });
}

export function useTestStoredConnection(id: string) {
  const invalidate = useInvalidateClusters();
  return useMutation({
    mutationFn: async () =>
      apiFetch<{ result: ConnectionTestResult; cluster: ClusterDto }>(`/api/clusters/${encodeURIComponent(id)}/test`, { method: 'POST' }),
    onSuccess: ({ cluster }) => invalidate(cluster),
  });
}

export function useTestCredentials() {
  return useMutation({
    mutationFn: async ({ credentials, allowInsecureTls }: { credentials: CredentialsInput; allowInsecureTls?: boolean }) =>
      (await apiFetch<{ result: ConnectionTestResult }>('/api/clusters/test-credentials', { method: 'POST', body: { credentials, ...(allowInsecureTls ? { allowInsecureTls } : {}) } })).result,
  });
}

export function useParseKubeconfig() {
  return useMutation({
    mutationFn: async (kubeconfig: string) =>
      apiFetch<{ contexts: KubeconfigContextOption[]; currentContext?: string }>('/api/clusters/parse-kubeconfig', { method: 'POST', body: { kubeconfig } }),
  });
}
