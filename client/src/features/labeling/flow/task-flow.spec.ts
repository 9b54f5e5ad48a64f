import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { type NextTaskResponse, type RaterProgress, type Task } from '@peel/shared';
import { ApiError } from '../../../lib/api';
import { type LabelingRequests } from '../api';
import { TaskFlow } from './task-flow';

const PROGRESS: RaterProgress = {
  batchId: 1,
  done: 0,
  remaining: 10,
  total: 10,
  itemsComplete: 0,
  gold: { answered: 0, correct: 0, paused: false },
};

const ANSWERS = {
  decision: 'confirm',
  garbledShortInstruction: false,
} as const;

function task(assignmentId: number): Task {
  return {
    assignmentId,
    batchId: 1,
    itemId: assignmentId * 10,
    taskType: 'taxonomy',
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    leaseSeconds: 600,
    item: {
      kind: 'taxonomy',
      instruction: { long: 'Make it warmer.', short: 'Warmer.' },
      currentLabel: { label: 'Zoom in', categoryId: 'scale', categoryName: 'Scale' },
      source: { url: '/images/s.jpg', path: 's.jpg' },
      edit: { url: `/images/${assignmentId}.png`, path: `${assignmentId}.png` },
    },
  };
}

function leases(current: number, next: number | null): NextTaskResponse {
  return { current: task(current), next: next === null ? null : task(next), progress: PROGRESS };
}

function judgment(id: number, assignmentId: number) {
  return {
    judgment: {
      id,
      assignmentId,
      batchId: 1,
      itemId: assignmentId * 10,
      submissionId: 'x',
      answers: ANSWERS,
      dwellMs: 1,
      createdAt: '',
      revisedAt: null,
      revision: 0,
    },
    progress: { ...PROGRESS, done: 1 },
  };
}

type Mocked = { [K in keyof LabelingRequests]: jest.Mock<LabelingRequests[K]> };

function fakeRequests(): Mocked {
  return {
    next: jest.fn<LabelingRequests['next']>(),
    submit: jest.fn<LabelingRequests['submit']>(),
    revise: jest.fn<LabelingRequests['revise']>(),
    skip: jest.fn<LabelingRequests['skip']>(),
    heartbeat: jest.fn<LabelingRequests['heartbeat']>(),
  };
}

/** Lets every pending promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

let requests: Mocked;
let flow: TaskFlow;

beforeEach(() => {
  sessionStorage.clear();
  requests = fakeRequests();
  flow = new TaskFlow(1, {
    requests,
    preload: () => Promise.resolve(),
    onProgress: () => undefined,
    sleep: () => Promise.resolve(),
  });
});

afterEach(() => flow.stop());

describe('the task flow', () => {
  it('shows the prefetched task at once on submit, then leases a fresh one behind it', async () => {
    requests.next.mockResolvedValueOnce(leases(1, 2)).mockResolvedValueOnce(leases(2, 3));
    let store!: () => void;
    requests.submit.mockReturnValueOnce(
      new Promise((resolve) => (store = () => resolve(judgment(100, 1)))),
    );
    flow.start();
    await settle();
    expect(flow.getState().current?.assignmentId).toBe(1);

    expect(flow.submit(task(1), ANSWERS, 1200)).toBe(true);
    // Before any answer from the server: the next task is already the current one.
    expect(flow.getState()).toMatchObject({ unsaved: 1, next: null, status: 'ready' });
    expect(flow.getState().current?.assignmentId).toBe(2);
    // The same task cannot be submitted twice.
    expect(flow.submit(task(1), ANSWERS, 1200)).toBe(false);
    expect(requests.next).toHaveBeenCalledTimes(1);

    store();
    await settle();
    expect(requests.submit).toHaveBeenCalledWith(1, expect.objectContaining({ dwellMs: 1200 }));
    expect(requests.next).toHaveBeenCalledTimes(2);
    expect(flow.getState().current?.assignmentId).toBe(2);
    expect(flow.getState().next?.assignmentId).toBe(3);
    expect(flow.getState()).toMatchObject({ unsaved: 0, lastJudgment: { judgmentId: 100 } });
  });

  it('retries network errors and 5xx with the same submission id, and keeps an expired answer', async () => {
    requests.next.mockResolvedValueOnce(leases(1, 2)).mockResolvedValue(leases(2, 3));
    requests.submit
      .mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', status: 0, message: 'down' }))
      .mockRejectedValueOnce(new ApiError({ code: 'INTERNAL', status: 503, message: 'busy' }))
      .mockRejectedValueOnce(new ApiError({ code: 'LEASE_EXPIRED', status: 409, message: 'gone' }));
    flow.start();
    await settle();
    flow.submit(task(1), ANSWERS, 5);
    await settle();

    const ids = requests.submit.mock.calls.map(([, body]) => body.submissionId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    const [notice] = flow.getState().notices;
    expect(notice).toMatchObject({ kind: 'lease-expired', answers: ANSWERS });
    expect(notice.task.assignmentId).toBe(1);
    expect(flow.getState()).toMatchObject({ unsaved: 0, lastJudgment: null });
  });

  it('never shows again a task answered here when a late /next still lists it', async () => {
    requests.next.mockResolvedValueOnce(leases(1, null)).mockResolvedValueOnce(leases(1, 2));
    requests.submit.mockResolvedValueOnce(judgment(7, 1));
    flow.start();
    await settle();
    flow.submit(task(1), ANSWERS, 5);
    expect(flow.getState()).toMatchObject({ current: null, status: 'loading' });
    await settle();
    expect(flow.getState().current?.assignmentId).toBe(2);
    expect(flow.getState().next).toBeNull();
  });

  it('reopens the last judgment for undo and saves the revision under its id', async () => {
    requests.next.mockResolvedValueOnce(leases(1, 2)).mockResolvedValue(leases(2, 3));
    requests.submit.mockResolvedValueOnce(judgment(42, 1));
    requests.revise.mockResolvedValueOnce(judgment(42, 1).judgment);
    flow.start();
    await settle();
    expect(flow.undo()).toBe('nothing');
    flow.submit(task(1), ANSWERS, 5);
    expect(flow.undo()).toBe('saving');
    await settle();

    expect(flow.undo()).toBe('opened');
    expect(flow.getState().revising).toMatchObject({ judgmentId: 42, answers: ANSWERS });
    // While revising, the current task cannot be submitted by mistake.
    expect(flow.submit(task(2), ANSWERS, 5)).toBe(false);
    const changed = { ...ANSWERS, decision: 'ambiguous' as const };
    await flow.saveRevision(changed, 300);
    expect(requests.revise).toHaveBeenCalledWith(42, { answers: changed, dwellMs: 305 });
    expect(flow.getState().revising).toBeNull();
    expect(flow.getState().current?.assignmentId).toBe(2);
  });

  it('says the rater is paused, and that nothing is left, only when no task is on screen', async () => {
    requests.next.mockRejectedValueOnce(
      new ApiError({ code: 'RATER_PAUSED', status: 403, message: 'paused' }),
    );
    flow.start();
    await settle();
    expect(flow.getState().status).toBe('paused');

    requests.next.mockRejectedValueOnce(
      new ApiError({ code: 'NO_TASK_AVAILABLE', status: 404, message: 'none' }),
    );
    flow.retry();
    await settle();
    expect(flow.getState().status).toBe('empty');
  });
});
