import {
  type AdjudicateBody,
  type AdjudicationResponse,
  type AgreementReportResponse,
  type BatchItemDetail,
  type BatchListQuery,
  type BatchListResponse,
  type BatchPreviewResponse,
  type BatchRatersResponse,
  type BatchResponse,
  type BatchTimelineResponse,
  type BatchTransition,
  type ConfusionResponse,
  type CreateBatchBody,
  type DisagreementsResponse,
  type GoldItemsResponse,
  type PreviewBatchBody,
  type RatersReportResponse,
  type SetGoldBody,
} from '@peel/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const batchKeys = {
  all: ['batches'] as const,
  list: (query: BatchListQuery) => [...batchKeys.all, 'list', query] as const,
  one: (id: number) => [...batchKeys.all, id] as const,
  part: (id: number, part: string, ...rest: unknown[]) => [...batchKeys.one(id), part, ...rest],
};

/** Live pages refresh on their own: progress moves while judgments arrive. */
const LIVE_MS = 5_000;

function listPath(query: BatchListQuery): string {
  const params = new URLSearchParams();
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.taskType?.length) params.set('taskType', query.taskType.join(','));
  if (query.q) params.set('q', query.q);
  params.set('sort', query.sort);
  params.set('order', query.order);
  params.set('page', String(query.page));
  params.set('pageSize', String(query.pageSize));
  return `/api/batches?${params}`;
}

/** `GET /api/batches`: one page, filtered and sorted by the server; the previous page stays while the next loads. */
export function useBatchList(query: BatchListQuery) {
  return useQuery({
    queryKey: batchKeys.list(query),
    queryFn: ({ signal }) => api<BatchListResponse>(listPath(query), { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_MS,
  });
}

export function useBatch(id: number) {
  return useQuery({
    queryKey: batchKeys.one(id),
    queryFn: ({ signal }) => api<BatchResponse>(`/api/batches/${id}`, { signal }),
    refetchInterval: LIVE_MS,
  });
}

/** The live item count of the wizard's filters (`POST /api/batches/preview`, a read). */
export function useBatchPreview(selection: PreviewBatchBody | null) {
  return useQuery({
    queryKey: [...batchKeys.all, 'preview', selection],
    queryFn: ({ signal }) =>
      api<BatchPreviewResponse>('/api/batches/preview', {
        method: 'POST',
        body: selection,
        signal,
      }),
    enabled: selection !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreateBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBatchBody) =>
      api<BatchResponse>('/api/batches', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.all }),
  });
}

export function useBatchTransition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: BatchTransition }) =>
      api<BatchResponse>(`/api/batches/${id}/${action}`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.all }),
  });
}

export function useTimeline(id: number) {
  return useQuery({
    queryKey: batchKeys.part(id, 'timeline'),
    queryFn: ({ signal }) =>
      api<BatchTimelineResponse>(`/api/batches/${id}/timeline?buckets=60`, { signal }),
    refetchInterval: LIVE_MS,
  });
}

export function useAgreement(id: number) {
  return useQuery({
    queryKey: batchKeys.part(id, 'agreement'),
    queryFn: ({ signal }) =>
      api<AgreementReportResponse>(`/api/batches/${id}/agreement`, { signal }),
    refetchInterval: 30_000,
  });
}

export function useRatersReport(id: number) {
  return useQuery({
    queryKey: batchKeys.part(id, 'raters'),
    queryFn: ({ signal }) =>
      api<RatersReportResponse>(`/api/batches/${id}/agreement/raters`, { signal }),
    refetchInterval: 30_000,
  });
}

export function useConfusion(id: number, enabled: boolean) {
  return useQuery({
    queryKey: batchKeys.part(id, 'confusion'),
    queryFn: ({ signal }) => api<ConfusionResponse>(`/api/batches/${id}/confusion`, { signal }),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useDisagreements(id: number, question: string | undefined, limit = 15) {
  const params = new URLSearchParams({ limit: String(limit) });
  if (question) params.set('question', question);
  return useQuery({
    queryKey: batchKeys.part(id, 'disagreements', question, limit),
    queryFn: ({ signal }) =>
      api<DisagreementsResponse>(`/api/batches/${id}/disagreements?${params}`, { signal }),
    refetchInterval: 30_000,
  });
}

/** Pause or lift the pause of a rater in one batch. */
export function useRaterPause(batchId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, paused }: { userId: number; paused: boolean }) =>
      api<void>(`/api/batches/${batchId}/raters/${userId}/${paused ? 'pause' : 'unpause'}`, {
        method: 'POST',
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.one(batchId) }),
  });
}

export function useBatchRaters(id: number) {
  return useQuery({
    queryKey: batchKeys.part(id, 'raters-standing'),
    queryFn: ({ signal }) => api<BatchRatersResponse>(`/api/batches/${id}/raters`, { signal }),
    refetchInterval: LIVE_MS,
  });
}

/** Deactivate or reactivate an account (every batch; signs the user out). */
export function useSetAccountActive(batchId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, active }: { userId: number; active: boolean }) =>
      api<unknown>(`/api/users/${userId}/${active ? 'reactivate' : 'deactivate'}`, {
        method: 'POST',
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.one(batchId) }),
  });
}

export function useBatchItem(batchId: number, itemId: number) {
  return useQuery({
    queryKey: batchKeys.part(batchId, 'item', itemId),
    queryFn: ({ signal }) =>
      api<BatchItemDetail>(`/api/batches/${batchId}/items/${itemId}`, { signal }),
  });
}

/** Sets (PUT) or clears (DELETE) the admin's final answer of an item. */
export function useAdjudicate(batchId: number, itemId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AdjudicateBody | null): Promise<AdjudicationResponse | void> =>
      body
        ? api<AdjudicationResponse>(`/api/batches/${batchId}/items/${itemId}/adjudication`, {
            method: 'PUT',
            body,
          })
        : api<void>(`/api/batches/${batchId}/items/${itemId}/adjudication`, { method: 'DELETE' }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: batchKeys.part(batchId, 'item', itemId) }),
  });
}

export function useGoldItems(id: number) {
  return useQuery({
    queryKey: batchKeys.part(id, 'gold'),
    queryFn: ({ signal }) => api<GoldItemsResponse>(`/api/batches/${id}/gold`, { signal }),
  });
}

/** Promote an item with a unanimous consensus to gold, or take it out of gold. */
export function useGoldChange(batchId: number, itemId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'promote' | 'unset') =>
      action === 'promote'
        ? api<unknown>(`/api/batches/${batchId}/items/${itemId}/gold/promote`, { method: 'POST' })
        : api<unknown>(`/api/batches/${batchId}/items/${itemId}/gold`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.one(batchId) }),
  });
}

/** Marks an item gold with the admin's expected answer (question id → stored value). */
export function useSetGold(batchId: number, itemId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetGoldBody) =>
      api<void>(`/api/batches/${batchId}/items/${itemId}/gold`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.one(batchId) }),
  });
}
