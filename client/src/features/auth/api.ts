import {
  type ChangePasswordBody,
  type LoginBody,
  type MeResponse,
  type UserResponse,
  type UserRole,
} from '@peel/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';
import { claimDrafts, clearDrafts } from '../../lib/use-draft';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in user, or `null` when there is no session (a 401 is an answer here). */
async function fetchMe(signal: AbortSignal): Promise<UserResponse | null> {
  try {
    const { user } = await api<MeResponse>('/api/auth/me', { signal, sessionProbe: true });
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
  });

export function useMe() {
  return useQuery(meQueryOptions());
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) =>
      api<MeResponse>('/api/auth/login', { method: 'POST', body, sessionProbe: true }),
    onSuccess: ({ user }) => {
      claimDrafts(user.id);
      // Whoever signed in, server state starts fresh: nothing cached for a previous user shows.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
      queryClient.setQueryData(authKeys.me(), user);
    },
  });
}

/**
 * Signs out, drops this tab's drafts and reloads on the login page, so nothing of the session
 * stays in memory. A 401 means the session was already gone: that is a success here too.
 */
export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await api<void>('/api/auth/logout', { method: 'POST', sessionProbe: true });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      clearDrafts();
      window.location.assign('/login');
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) =>
      api<void>('/api/auth/password', { method: 'POST', body }),
    onSuccess: async () => {
      queryClient.setQueryData<UserResponse | null>(authKeys.me(), (user) =>
        user ? { ...user, mustChangePassword: false } : user,
      );
      await queryClient.invalidateQueries({ queryKey: authKeys.me() });
    },
  });
}

/** Where each role lands after sign-in and on `/`. */
export function homePathFor(role: UserRole): string {
  return role === 'admin' ? '/admin' : '/rate';
}
