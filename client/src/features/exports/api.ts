import {
  type BatchResponse,
  type ExportListResponse,
  type ExportRequest,
  type ExportSnapshotView,
} from '@peel/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const exportKeys = {
  all: ['exports'] as const,
  list: () => [...exportKeys.all, 'list'] as const,
};

/** `GET /api/exports` (admin): newest first; polled every second while one of them runs. */
export function useExports() {
  return useQuery({
    queryKey: exportKeys.list(),
    queryFn: ({ signal }) => api<ExportListResponse>('/api/exports?limit=50', { signal }),
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.status === 'running') ? 1000 : 15_000,
  });
}

/** The batches an export may read (`GET /api/batches`, admin). */
export function useExportableBatches() {
  return useQuery({
    queryKey: ['batches', 'list'],
    queryFn: ({ signal }) => api<{ items: BatchResponse[] }>('/api/batches', { signal }),
  });
}

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ExportRequest) =>
      api<ExportSnapshotView>('/api/exports', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportKeys.all }),
  });
}

/** A file's download URL (a plain GET with the session cookie). */
export function exportFileUrl(id: string, name: string): string {
  return `/api/exports/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`;
}
