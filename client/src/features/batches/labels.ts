import { type BatchStatus, type BatchTransition } from '@peel/shared';

export { TASK_TYPE_LABELS } from '../labeling/labels';

export const STATUS_LABELS: Record<BatchStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
  archived: 'Archived',
};

export const STATUS_BADGE: Record<BatchStatus, string> = {
  draft: 'badge',
  active: 'badge badge-ok',
  paused: 'badge badge-warn',
  completed: 'badge',
  archived: 'badge badge-off',
};

/** The transitions each status offers, in the order the buttons show. */
export const ACTIONS_BY_STATUS: Record<BatchStatus, BatchTransition[]> = {
  draft: ['activate', 'archive'],
  active: ['pause', 'complete'],
  paused: ['resume', 'complete'],
  completed: ['archive'],
  archived: [],
};

export const ACTION_LABELS: Record<BatchTransition, string> = {
  activate: 'Activate',
  pause: 'Pause',
  resume: 'Resume',
  complete: 'Complete',
  archive: 'Archive',
};

/** "2 h 5 min", "40 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} days`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}
