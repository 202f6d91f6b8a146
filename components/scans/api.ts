'use client';

/** React Query hooks for the scan API (/api/clusters/[id]/scans, /api/scans/[id]). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { isActiveScan, type ScanDto } from '@/lib/scans/dto';

export type { ScanDto };

/** While a scan is queued or running, views poll this often. */
export const SCAN_POLL_MS = 1_000;

export const scanKeys = {
  all: ['scans'] as const,
  cluster: (clusterId: string) => [...scanKeys.all, 'cluster', clusterId] as const,
  detail: (id: string) => [...scanKeys.all, 'detail', id] as const,
};

/** The cluster's scans, newest first; polls every second while one of them is queued or running. */
export function useClusterScans(clusterId: string) {
  return useQuery({
    queryKey: scanKeys.cluster(clusterId),
    queryFn: async () => (await apiFetch<{ scans: ScanDto[] }>(`/api/clusters/${encodeURIComponent(clusterId)}/scans?limit=50`)).scans,
    refetchInterval: (query) => (query.state.data?.some(isActiveScan) ? SCAN_POLL_MS : false),
  });
}

/** One scan with live progress; polls every second until it is done, then refreshes the list. */
export function useScan(id: string | null, clusterId: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: scanKeys.detail(id ?? ''),
    enabled: Boolean(id),
    queryFn: async () => {
      const scan = (await apiFetch<{ scan: ScanDto }>(`/api/scans/${encodeURIComponent(id!)}`)).scan;
      if (!isActiveScan(scan)) void qc.invalidateQueries({ queryKey: scanKeys.cluster(clusterId) });
      return scan;
    },
    refetchInterval: (query) => (!query.state.data || isActiveScan(query.state.data) ? SCAN_POLL_MS : false),
  });
}

/** "Scan now": queues a scan (or returns the one already queued/running). */
export function useStartScan(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => apiFetch<{ scan: ScanDto; created: boolean }>(`/api/clusters/${encodeURIComponent(clusterId)}/scans`, { method: 'POST' }),
    onSuccess: ({ scan }) => {
      qc.setQueryData(scanKeys.detail(scan.id), scan);
      return qc.invalidateQueries({ queryKey: scanKeys.cluster(clusterId) });
    },
  });
}
