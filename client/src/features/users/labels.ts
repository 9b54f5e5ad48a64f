import { type UserRole } from '@peel/shared';

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: 'Admin',
  annotator: 'Annotator',
};

export const ROLE_OPTIONS: ReadonlyArray<{ value: UserRole; label: string }> = [
  { value: 'annotator', label: 'Annotator (rates tasks)' },
  { value: 'admin', label: 'Admin (manages data, batches and users)' },
];

/** A page-level result of an action on a user, shown above the table. */
export type UserNotice = { tone: 'success' | 'error'; text: string };
