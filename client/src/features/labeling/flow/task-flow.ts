import { type Answers, type NextTaskResponse, type RaterProgress, type Task } from '@peel/shared';
import { type ApiError } from '../../../lib/api';
import { loadDraft, removeDraft, saveDraft } from '../../../lib/use-draft';
import { randomUuid } from '../../../lib/uuid';
import { type LabelingRequests } from '../api';
import {
  answerDraftKey,
  type FlowState,
  INITIAL_FLOW_STATE,
  outboxKey,
  revisionDraftKey,
  type SkipReason,
  type Submission,
} from './flow-types';
import { Heartbeats } from './heartbeats';
import { JudgmentHistory } from './history';
import { statusAfterError, takeLeases } from './leases';
import { noticeFor } from './notices';
import { backoffMs, isRetryable, type SendOutcome, sendSubmission, toApiError } from './send';

export type FlowDeps = {
  requests: LabelingRequests;
  /** Fetches and decodes a task's images. */
  preload: (task: Task) => Promise<void>;
  onProgress: (progress: RaterProgress) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Heartbeats run only while the rater can see the page. */
  visible?: () => boolean;
};

const TICK_MS = 2000;

/**
 * The rater's lease pipeline for one batch. `current` is on screen and `next` is leased behind it
 * with its images decoded. A submit shows `next` at once and queues the answer; answers are sent
 * one at a time (retried with the same submission id) and each stored one frees a lease, so the
 * flow then asks for a fresh `next`. Nothing here waits on the network before painting.
 */
export class TaskFlow {
  private state: FlowState;
  private readonly listeners = new Set<() => void>();
  private outbox: Submission[];
  private readonly history: JudgmentHistory;
  /** Tasks answered or skipped here: a late `/next` answer must not show them again. */
  private readonly finished = new Set<number>();
  private readonly heartbeats = new Heartbeats(
    (id) => this.deps.requests.heartbeat(id),
    (task) => this.leaseExpired(task),
  );
  private fetching = false;
  private fetchAgain = false;
  private draining = false;
  private active = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private noticeCount = 0;
  private refillFailures = 0;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly batchId: number,
    private readonly deps: FlowDeps,
  ) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.outbox = loadDraft<Submission[]>(outboxKey(batchId)) ?? [];
    this.history = new JudgmentHistory(batchId);
    for (const entry of this.outbox) this.finished.add(entry.task.assignmentId);
    const { length: unsaved } = this.outbox;
    this.state = { ...INITIAL_FLOW_STATE, unsaved, lastJudgment: this.history.last() };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): FlowState => this.state;

  /** Starts (or resumes) fetching, sending and heartbeats. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.timer = setInterval(this.tick, TICK_MS);
    if (this.state.current === null) void this.refill();
    void this.drain();
  }

  stop(): void {
    this.active = false;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Queues the answer to the task on screen and shows the next one. False if not allowed now. */
  submit(task: Task, answers: Answers, dwellMs: number): boolean {
    if (!this.isCurrent(task)) return false;
    this.enqueue({ kind: 'judgment', task, answers, submissionId: randomUuid(), dwellMs });
    return true;
  }

  skip(task: Task, reason: SkipReason, note?: string): boolean {
    if (!this.isCurrent(task)) return false;
    this.enqueue({ kind: 'skip', task, reason, note: note || undefined });
    return true;
  }

  /** Reopens the last saved judgment: 'saving' while the latest answer is still on its way. */
  undo(): 'opened' | 'nothing' | 'saving' {
    if (this.outbox.some((entry) => entry.kind === 'judgment')) return 'saving';
    const last = this.history.last();
    if (!last) return 'nothing';
    this.set({ revising: last, revisionError: null });
    return 'opened';
  }

  async saveRevision(answers: Answers, dwellMs: number): Promise<void> {
    const entry = this.state.revising;
    if (!entry || this.state.revisionSaving) return;
    this.set({ revisionSaving: true, revisionError: null });
    const revised = { ...entry, answers, dwellMs: entry.dwellMs + dwellMs };
    try {
      await this.deps.requests.revise(entry.judgmentId, { answers, dwellMs: revised.dwellMs });
      this.history.replace(entry, revised);
      removeDraft(revisionDraftKey(entry.judgmentId));
      this.set({ revising: null, revisionSaving: false, lastJudgment: this.history.last() });
    } catch (error) {
      this.set({ revisionSaving: false, revisionError: toApiError(error) });
    }
  }

  cancelRevision(): void {
    const entry = this.state.revising;
    if (entry) removeDraft(revisionDraftKey(entry.judgmentId));
    this.set({ revising: null, revisionError: null, revisionSaving: false });
  }

  dismissNotice(id: number): void {
    this.set({ notices: this.state.notices.filter((notice) => notice.id !== id) });
  }

  /** After an error or an empty queue: ask the server again. */
  retry(): void {
    this.set({ status: 'loading', error: null });
    void this.refill();
  }

  // --- moving through tasks ------------------------------------------------------------------

  private isCurrent(task: Task): boolean {
    const current = this.state.current;
    return (
      current !== null &&
      current.assignmentId === task.assignmentId &&
      !this.finished.has(task.assignmentId) &&
      this.state.revising === null
    );
  }

  private enqueue(entry: Submission): void {
    const id = entry.task.assignmentId;
    this.finished.add(id);
    this.heartbeats.forget(id);
    this.outbox.push(entry);
    saveDraft(outboxKey(this.batchId), this.outbox);
    const { next } = this.state;
    const [status, unsaved] = [next ? 'ready' : 'loading', this.outbox.length] as const;
    this.set({ current: next, next: null, status, unsaved, expiredLeaseId: null });
    void this.drain();
  }

  private async refill(): Promise<void> {
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    try {
      do {
        this.fetchAgain = false;
        try {
          this.apply(await this.deps.requests.next(this.batchId));
          this.refillFailures = 0;
        } catch (error) {
          this.refillFailed(toApiError(error));
        }
      } while (this.fetchAgain && this.active);
    } finally {
      this.fetching = false;
    }
  }

  /** Takes the server's two leases, leaving out tasks already answered here. */
  private apply(response: NextTaskResponse): void {
    const { current, next } = takeLeases(response, this.state.current, this.finished);
    for (const task of [current, next]) if (task) this.heartbeats.track(task);
    if (current) void this.deps.preload(current);
    if (next) void this.deps.preload(next).then(() => this.nextDecoded(next));
    const status = current ? 'ready' : this.outbox.length > 0 ? 'loading' : 'empty';
    this.set({ current, next, status, error: null, progress: response.progress });
    this.deps.onProgress(response.progress);
  }

  private nextDecoded(task: Task): void {
    if (this.state.next?.assignmentId === task.assignmentId)
      this.set({ nextReadyId: task.assignmentId });
  }

  private refillFailed(error: ApiError): void {
    if (this.state.current !== null) {
      // Only the task behind the current one is missing; try again later if that may help.
      if (isRetryable(error)) this.retryRefillLater();
      return;
    }
    const status = statusAfterError(error, this.outbox.length);
    this.set({ status, error });
    if (status === 'error' && isRetryable(error)) this.retryRefillLater();
  }

  private retryRefillLater(): void {
    const wait = backoffMs(this.refillFailures);
    this.refillFailures += 1;
    void this.sleep(wait).then(() => {
      if (this.active && (this.state.current === null || this.state.next === null)) {
        void this.refill();
      }
    });
  }

  // --- storing answers -----------------------------------------------------------------------

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.active && this.outbox.length > 0) {
        const entry = this.outbox[0];
        const outcome = await sendSubmission(entry, {
          requests: this.deps.requests,
          sleep: this.sleep,
          active: () => this.active,
          onRetry: () => this.set({ retrying: true }),
        });
        if (outcome.kind === 'stopped') return;
        this.outbox.shift();
        saveDraft(outboxKey(this.batchId), this.outbox);
        this.settle(entry, outcome);
        // The server now holds one lease fewer for me: there is room for a fresh `next`.
        void this.refill();
      }
    } finally {
      this.draining = false;
    }
  }

  private settle(entry: Submission, outcome: Exclude<SendOutcome, { kind: 'stopped' }>): void {
    const id = entry.task.assignmentId;
    const changes: Partial<FlowState> = { unsaved: this.outbox.length, retrying: false };
    if (outcome.kind === 'failed') {
      const notice = noticeFor(entry, outcome.error, (this.noticeCount += 1));
      if (notice) changes.notices = [...this.state.notices, notice];
    } else {
      removeDraft(answerDraftKey(id));
    }
    if (outcome.kind === 'skipped' && outcome.progress) {
      changes.progress = outcome.progress;
      this.deps.onProgress(outcome.progress);
    }
    if (outcome.kind === 'saved' && entry.kind === 'judgment') {
      const { judgment, progress } = outcome.result;
      const { task, answers, dwellMs } = entry;
      this.history.push({ judgmentId: judgment.id, task, answers, dwellMs });
      changes.lastJudgment = this.history.last();
      changes.progress = progress;
      this.deps.onProgress(progress);
    }
    this.set(changes);
  }

  // --- heartbeats ----------------------------------------------------------------------------

  private tick = (): void => {
    if (this.deps.visible && !this.deps.visible()) return;
    this.heartbeats.tick([this.state.current, this.state.next]);
  };

  private leaseExpired(task: Task): void {
    if (this.state.current?.assignmentId === task.assignmentId) {
      this.set({ expiredLeaseId: task.assignmentId });
    } else if (this.state.next?.assignmentId === task.assignmentId) {
      // Never shown: let it go and lease another one behind the current task.
      this.heartbeats.forget(task.assignmentId);
      this.set({ next: null });
      void this.refill();
    }
  }

  private set(changes: Partial<FlowState>): void {
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener();
  }
}
