import { type RaterProgress } from '@peel/shared';
import { type LabelingRequests, type SubmitJudgmentResult } from '../api';
import { ApiError, isApiError } from '../../../lib/api';
import { type Submission } from './flow-types';

export type SendOutcome =
  | { kind: 'saved'; result: SubmitJudgmentResult }
  | { kind: 'skipped'; progress: RaterProgress | null }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'stopped' };

type SendOptions = {
  requests: LabelingRequests;
  sleep: (ms: number) => Promise<void>;
  /** False once the screen is gone: retrying stops (the submission stays stored). */
  active: () => boolean;
  onRetry: (error: ApiError) => void;
};

/** No answer at all, or a 5xx: sending again with the same submission id is safe. */
export function isRetryable(error: unknown): boolean {
  return !isApiError(error) || error.code === 'NETWORK_ERROR' || error.status >= 500;
}

/** 0.5 s, 1 s, 2 s, … up to 30 s, with jitter so that many raters do not retry in step. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(base * (0.75 + 0.5 * random()));
}

/**
 * Sends one submission until the server answers it: network errors and 5xx are retried with
 * backoff and the same submission id (the server stores it once); anything else is final.
 */
export async function sendSubmission(
  entry: Submission,
  options: SendOptions,
): Promise<SendOutcome> {
  for (let attempt = 0; ; attempt += 1) {
    if (!options.active()) return { kind: 'stopped' };
    try {
      return await sendOnce(entry, options.requests);
    } catch (error) {
      const apiError = toApiError(error);
      if (!isRetryable(apiError)) return { kind: 'failed', error: apiError };
      options.onRetry(apiError);
      await options.sleep(backoffMs(attempt));
    }
  }
}

async function sendOnce(entry: Submission, requests: LabelingRequests): Promise<SendOutcome> {
  const { assignmentId } = entry.task;
  if (entry.kind === 'skip') {
    const progress = await requests.skip(assignmentId, { reason: entry.reason, note: entry.note });
    return { kind: 'skipped', progress: progress ?? null };
  }
  const result = await requests.submit(assignmentId, {
    submissionId: entry.submissionId,
    answers: entry.answers,
    dwellMs: entry.dwellMs,
  });
  return { kind: 'saved', result };
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ code: 'NETWORK_ERROR', status: 0, message: String(error) });
}
