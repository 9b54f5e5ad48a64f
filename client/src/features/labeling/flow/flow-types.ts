import {
  type Answers,
  type ErrorIssue,
  type RaterProgress,
  type SkipBody,
  type Task,
} from '@peel/shared';
import { type ApiError } from '../../../lib/api';

export type SkipReason = SkipBody['reason'];

/** An answer or a skip on its way to the server; kept (sessionStorage) until the server has it. */
export type Submission =
  | { kind: 'judgment'; task: Task; answers: Answers; submissionId: string; dwellMs: number }
  | { kind: 'skip'; task: Task; reason: SkipReason; note?: string };

/** A saved judgment the rater can reopen (undo) and revise. */
export type HistoryEntry = { judgmentId: number; task: Task; answers: Answers; dwellMs: number };

/** Something the rater must know about an answer that was not stored as given. */
export type FlowNotice = {
  id: number;
  kind: 'lease-expired' | 'rejected' | 'not-stored';
  task: Task;
  /** The answer that could not be stored, shown so that it is never lost silently. */
  answers: Answers | null;
  message: string;
  issues: ErrorIssue[];
};

export type FlowStatus = 'loading' | 'ready' | 'empty' | 'paused' | 'inactive' | 'error';

export type FlowState = {
  status: FlowStatus;
  error: ApiError | null;
  /** The task on screen and the one leased behind it (images already fetched). */
  current: Task | null;
  next: Task | null;
  /** `next` once its images are fetched and decoded (it will paint at once). */
  nextReadyId: number | null;
  progress: RaterProgress | null;
  /** Answers and skips not yet stored by the server. */
  unsaved: number;
  /** The last attempt to store one failed on the network or a 5xx; it is being retried. */
  retrying: boolean;
  notices: FlowNotice[];
  /** The heartbeat found this task's lease expired. */
  expiredLeaseId: number | null;
  /** Undo: the judgment being revised (shown instead of `current`). */
  revising: HistoryEntry | null;
  revisionSaving: boolean;
  revisionError: ApiError | null;
  /** The most recent saved judgment (what `u` reopens). */
  lastJudgment: HistoryEntry | null;
};

/** Where a task's unsent answer draft lives (`useDraft` key). */
export function answerDraftKey(assignmentId: number): string {
  return `labeling:answers:${assignmentId}`;
}

export function revisionDraftKey(judgmentId: number): string {
  return `labeling:revision:${judgmentId}`;
}

export function outboxKey(batchId: number): string {
  return `labeling:outbox:${batchId}`;
}

export function historyKey(batchId: number): string {
  return `labeling:history:${batchId}`;
}

export const INITIAL_FLOW_STATE: FlowState = {
  status: 'loading',
  error: null,
  current: null,
  next: null,
  nextReadyId: null,
  progress: null,
  unsaved: 0,
  retrying: false,
  notices: [],
  expiredLeaseId: null,
  revising: null,
  revisionSaving: false,
  revisionError: null,
  lastJudgment: null,
};
