import { type UserResponse } from '@peel/shared';
import { createContext, useContext } from 'react';
import { useMe } from './api';

export type Session =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; error: Error; retry: () => void }
  | { status: 'signed-in'; user: UserResponse };

/** Whether someone is signed in, from `GET /api/auth/me` (kept in the Query cache only). */
export function useSession(): Session {
  const me = useMe();
  if (me.data) return { status: 'signed-in', user: me.data };
  if (me.data === null) return { status: 'signed-out' };
  if (me.isError) return { status: 'error', error: me.error, retry: () => void me.refetch() };
  return { status: 'loading' };
}

/** Provided by the shell to everything under it: pages there always have a user. */
export const CurrentUserContext = createContext<UserResponse | null>(null);

export function useCurrentUser(): UserResponse {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser is only available inside the signed-in shell');
  return user;
}
