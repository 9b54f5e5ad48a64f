import {
  type Answers,
  type JudgmentResponse,
  type NextTaskResponse,
  type RaterBatchSummary,
  type RaterProgress,
  type SkipBody,
} from '@peel/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const labelingKeys = {
  all: ['labeling'] as const,
  batches: () => [...labelingKeys.all, 'batches'] as const,
  progress: (batchId: number) => [...labelingKeys.all, 'progress', batchId] as const,
};

/** `GET /api/rater/batches`. */
export type RaterBatchList = { items: RaterBatchSummary[] };
/** `POST /api/assignments/:id/judgment` (201, or 200 for a repeated submission id). */
export type SubmitJudgmentResult = { judgment: JudgmentResponse; progress: RaterProgress };

/** The active batches open to me, with my progress and the guidelines. */
export function useRaterBatches() {
  return useQuery({
    queryKey: labelingKeys.batches(),
    queryFn: ({ signal }) => api<RaterBatchList>('/api/rater/batches', { signal }),
  });
}

/** My progress in a batch (the labeling screen also writes it here from every answer it gets). */
export function useBatchProgress(batchId: number) {
  return useQuery({
    queryKey: labelingKeys.progress(batchId),
    queryFn: ({ signal }) => api<RaterProgress>(`/api/batches/${batchId}/progress`, { signal }),
  });
}

export function useReportImage() {
  return useMutation({
    mutationFn: (body: { url: string; assignmentId?: number }) =>
      api<void>('/api/images/report', { method: 'POST', body }),
  });
}

/**
 * The lease pipeline's calls. They are not queries: each claims, extends or ends a lease, in an
 * order the task flow keeps (see `flow/task-flow.ts`), so it calls them directly.
 */
export const labelingRequests = {
  next: (batchId: number) =>
    api<NextTaskResponse>(`/api/batches/${batchId}/next`, { method: 'POST' }),
  submit: (
    assignmentId: number,
    body: { submissionId: string; answers: Answers; dwellMs: number },
  ) =>
    api<SubmitJudgmentResult>(`/api/assignments/${assignmentId}/judgment`, {
      method: 'POST',
      body,
    }),
  revise: (judgmentId: number, body: { answers: Answers; dwellMs?: number }) =>
    api<JudgmentResponse>(`/api/judgments/${judgmentId}`, { method: 'PUT', body }),
  /** Answers with my progress (or nothing: a 204 is fine too). */
  skip: (assignmentId: number, body: SkipBody) =>
    api<RaterProgress | undefined>(`/api/assignments/${assignmentId}/skip`, {
      method: 'POST',
      body,
    }),
  heartbeat: (assignmentId: number) =>
    api<{ expiresAt: string }>(`/api/assignments/${assignmentId}/heartbeat`, { method: 'POST' }),
};

export type LabelingRequests = typeof labelingRequests;
