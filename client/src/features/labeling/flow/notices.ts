import { type ApiError } from '../../../lib/api';
import { type FlowNotice, type Submission } from './flow-types';

/**
 * What to tell the rater when the server refused a submission for good. A skip that could not
 * be stored needs no notice when its lease is gone anyway.
 */
export function noticeFor(entry: Submission, error: ApiError, id: number): FlowNotice | null {
  const answers = entry.kind === 'judgment' ? entry.answers : null;
  const base = { id, task: entry.task, answers, issues: error.issues };
  switch (error.code) {
    case 'LEASE_EXPIRED':
      if (entry.kind === 'skip') return null;
      return {
        ...base,
        kind: 'lease-expired',
        message:
          'Your time on this task ran out and it went to another rater, so this answer could not be stored. Nothing else is affected: you can go on with the next task.',
      };
    case 'ALREADY_SUBMITTED':
      return {
        ...base,
        kind: 'not-stored',
        message:
          'This task already has an answer from you (perhaps from another tab), so this one was not stored.',
      };
    case 'VALIDATION_FAILED':
      return {
        ...base,
        kind: 'rejected',
        message: 'The server did not accept this answer. Please tell an admin what it says below.',
      };
    case 'FORBIDDEN':
      return {
        ...base,
        kind: 'not-stored',
        message: 'This task is no longer assigned to you, so the answer could not be stored.',
      };
    case 'BATCH_NOT_ACTIVE':
      return {
        ...base,
        kind: 'not-stored',
        message: 'The batch was paused or closed before this answer could be stored.',
      };
    default:
      return { ...base, kind: 'not-stored', message: error.message };
  }
}
